package io.ipcring.transport;

import com.kenai.jffi.MemoryIO;
import io.ipcring.ring.ChannelClosedException;
import io.ipcring.ring.ChannelException;
import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The libc calls the stream transports make on raw file descriptors (pipes, FIFOs, Unix
 * sockets), bound with jnr-ffi, plus {@code mkfifo} and {@code fstat} through jnr-posix. Linux only: the flag and
 * errno values are Linux's (the same on x86-64 and aarch64).
 *
 * <p>Buffers are passed by native address (a direct {@link ByteBuffer}'s address from jffi), so a
 * call allocates nothing on the Java heap.
 */
public final class NativeIo {
    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 1;
    /** Do not make a terminal opened this way the process's controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** Non-blocking: open, read and write return EAGAIN instead of waiting. */
    public static final int O_NONBLOCK = 04000;
    /** Close on exec. */
    public static final int O_CLOEXEC = 02000000;

    /** preadv2/pwritev2: fail with EAGAIN instead of waiting, for this call only. */
    static final int RWF_NOWAIT = 0x8;
    /** preadv2/pwritev2: the offset that means "the file's current position" (pipes, sockets). */
    static final long CURRENT_POSITION = -1;

    /** fcntl: get the file status flags. */
    static final int F_GETFL = 3;
    /** fcntl: set the file status flags. */
    static final int F_SETFL = 4;

    /** poll: data to read. */
    static final short POLLIN = 0x1;
    /** poll: writing will not block. */
    static final short POLLOUT = 0x4;
    /** poll: error condition. */
    static final short POLLERR = 0x8;
    /** poll: hung up. */
    static final short POLLHUP = 0x10;
    /** poll: the descriptor is not open. */
    static final short POLLNVAL = 0x20;

    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** No such device or address: a FIFO opened with O_WRONLY|O_NONBLOCK has no reader. */
    public static final int ENXIO = 6;
    /** Resource temporarily unavailable: a non-blocking call would block. */
    public static final int EAGAIN = 11;
    /** File exists. */
    public static final int EEXIST = 17;
    /** Broken pipe: nobody reads the other end. */
    public static final int EPIPE = 32;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Function not implemented: the kernel lacks the system call. */
    public static final int ENOSYS = 38;
    /** Operation not supported: e.g. RWF_NOWAIT on a file that cannot honour it. */
    public static final int EOPNOTSUPP = 95;
    /** Connection reset by peer: a socket's peer closed it abruptly (with data it never read). */
    public static final int ECONNRESET = 104;

    /** The file type bits of {@code st_mode}. */
    static final int S_IFMT = 0170000;
    /** A FIFO's file type. */
    static final int S_IFIFO = 0010000;
    /** A socket's file type. */
    static final int S_IFSOCK = 0140000;

    /**
     * The jnr-ffi binding. Public only because jnr-ffi generates its implementation in another
     * class loader; not part of the API.
     */
    public interface Functions {
        @SaveError
        int open(String path, int flags, int mode);

        @SaveError
        int close(int fd);

        @SaveError
        long read(int fd, long buffer, long count);

        @SaveError
        long write(int fd, long buffer, long count);

        @SaveError
        long writev(int fd, long iov, int iovcnt);

        @SaveError
        long preadv2(int fd, long iov, int iovcnt, long offset, int flags);

        @SaveError
        long pwritev2(int fd, long iov, int iovcnt, long offset, int flags);

        @SaveError
        int poll(long fds, long nfds, int timeoutMillis);

        @SaveError
        int fcntl(int fd, int command, int argument);

        @SaveError
        int pipe2(@Out int[] fds, int flags);

        @SaveError
        int dup2(int oldFd, int newFd);
    }

    static final Functions LIBC = LibraryLoader.create(Functions.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    private static final POSIX POSIX_CALLS = POSIXFactory.getNativePOSIX();

    private NativeIo() {
    }

    /** @return errno of the calling thread's last call through {@link #LIBC} */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /**
     * @param direct a direct buffer
     * @return the native address of its first byte (index 0)
     */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        return MemoryIO.getInstance().getDirectBufferAddress(direct);
    }

    /**
     * Opens a file, FIFO or device.
     *
     * @param path  the path
     * @param flags {@code O_*} flags
     * @return the descriptor
     * @throws ChannelException naming the path and errno when it fails
     */
    public static int open(String path, int flags) {
        int fd;
        do {
            fd = LIBC.open(path, flags, 0);
        } while (fd < 0 && errno() == EINTR);
        if (fd < 0) {
            int errno = errno();
            throw new NativeCallException("open(" + path + ", flags=0" + Integer.toOctalString(flags) + ")", errno);
        }
        return fd;
    }

    /**
     * Closes a descriptor, ignoring EINTR (on Linux the descriptor is closed anyway).
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        LIBC.close(fd);
    }

    /**
     * Creates an anonymous pipe whose both ends are close-on-exec.
     *
     * @return {read end, write end}
     */
    public static int[] pipe() {
        int[] fds = new int[2];
        if (LIBC.pipe2(fds, O_CLOEXEC) != 0) {
            throw new NativeCallException("pipe2", errno());
        }
        return fds;
    }

    /**
     * Makes {@code newFd} refer to what {@code oldFd} refers to, closing {@code newFd}'s old file
     * atomically.
     *
     * @param oldFd the descriptor to copy
     * @param newFd the descriptor number to replace
     */
    public static void dup2(int oldFd, int newFd) {
        int result;
        do {
            result = LIBC.dup2(oldFd, newFd);
        } while (result < 0 && errno() == EINTR);
        if (result < 0) {
            throw new NativeCallException("dup2(" + oldFd + ", " + newFd + ")", errno());
        }
    }

    /**
     * Sets O_NONBLOCK on an open file description (shared by every descriptor duplicated from it).
     *
     * @param fd the descriptor
     */
    public static void setNonBlocking(int fd) {
        int flags = LIBC.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || LIBC.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            throw new NativeCallException("fcntl(fd=" + fd + ", O_NONBLOCK)", errno());
        }
    }

    /**
     * Creates a FIFO with mkfifo (jnr-posix).
     *
     * @param path the path
     * @param mode permission bits, e.g. 0600 (the umask may clear more)
     * @return true when created, false when something already exists at {@code path}
     * @throws ChannelException for any other failure
     */
    public static boolean mkfifo(String path, int mode) {
        if (POSIX_CALLS.mkfifo(path, mode) == 0) {
            return true;
        }
        int errno = POSIX_CALLS.errno();
        if (errno == EEXIST) {
            return false;
        }
        throw new NativeCallException("mkfifo(" + path + ", 0" + Integer.toOctalString(mode) + ")", errno);
    }

    /**
     * @param fd an open descriptor
     * @return whether it refers to a FIFO (or pipe)
     */
    public static boolean isFifo(int fd) {
        FileStat stat = POSIX_CALLS.fstat(fd);
        return (stat.mode() & S_IFMT) == S_IFIFO;
    }

    /**
     * @param fd an open descriptor
     * @return whether it refers to a pipe, a FIFO or a socket: a stream whose reads and writes can
     *         be made non-blocking per call (RWF_NOWAIT) where the kernel supports it
     */
    static boolean isPipeOrSocket(int fd) {
        int type = POSIX_CALLS.fstat(fd).mode() & S_IFMT;
        return type == S_IFIFO || type == S_IFSOCK;
    }

    /**
     * @param fd an open descriptor
     * @return the owner uid of the file it refers to
     */
    public static int ownerUid(int fd) {
        return POSIX_CALLS.fstat(fd).uid();
    }

    /**
     * @param path a path, not followed if it is a symbolic link
     * @return whether a Unix domain socket file is there
     */
    public static boolean isSocket(String path) {
        FileStat stat = POSIX_CALLS.allocateStat();
        if (POSIX_CALLS.lstat(path, stat) != 0) {
            return false;
        }
        return (stat.mode() & S_IFMT) == S_IFSOCK;
    }

    /** @return the effective uid of this process */
    public static int effectiveUid() {
        return POSIX_CALLS.geteuid();
    }

    /**
     * A libc call failed; the message names the call, its arguments and errno.
     */
    public static final class NativeCallException extends ChannelException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        NativeCallException(String call, int errno) {
            super(call + " failed: errno=" + errno + " (" + describe(errno) + ")");
            this.errno = errno;
        }

        /** @return the errno value */
        public int errno() {
            return errno;
        }
    }

    static ChannelException failure(String call, int errno, String source) {
        if (errno == EPIPE) {
            return new ChannelClosedException(source + ": the peer closed its end (" + call + ": EPIPE)");
        }
        if (errno == ECONNRESET) {
            return new ChannelClosedException(source + ": the connection is lost, reset by the peer (" + call + ": ECONNRESET)");
        }
        return new NativeCallException(source + ": " + call, errno);
    }

    private static String describe(int errno) {
        return POSIX_CALLS.strerror(errno);
    }
}
