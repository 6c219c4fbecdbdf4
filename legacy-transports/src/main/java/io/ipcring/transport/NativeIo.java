package io.ipcring.transport;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.sync.os.StatLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The transports' helpers for libc calls on raw file descriptors (pipes, FIFOs, Unix sockets),
 * made through {@link Os#CALLS}, and the transports' one mapping of a failed call's errno to an
 * exception ({@link #failure(String, int, String)}). Linux only: the flag values are Linux's (the
 * same on x86-64 and aarch64); errno values are {@link Errno}'s.
 *
 * <p>Buffers are passed by native address ({@link #address(ByteBuffer)} of a direct buffer), so
 * a call allocates nothing on the Java heap.
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

    private NativeIo() {
    }

    /**
     * @param direct a direct buffer
     * @return the native address of its first byte (index 0)
     * @throws IllegalArgumentException when the buffer is not direct
     */
    public static long address(ByteBuffer direct) {
        return Os.CALLS.address(direct);
    }

    /**
     * Opens a file, FIFO or device, retrying when a signal interrupts the call (a FIFO's open
     * can wait).
     *
     * @param path  the path
     * @param flags {@code O_*} flags
     * @return the descriptor
     * @throws NativeCallException naming the path, the flags and errno when it fails
     */
    public static int open(String path, int flags) {
        int fd;
        do {
            fd = Os.CALLS.open(path, flags, 0);
        } while (fd < 0 && Os.CALLS.errno() == Errno.EINTR);
        if (fd < 0) {
            throw failure("open(" + path + ", flags=0" + Integer.toOctalString(flags) + ")", Os.CALLS.errno(), null);
        }
        return fd;
    }

    /**
     * Closes a descriptor, ignoring EINTR (on Linux the descriptor is closed anyway).
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        Os.CALLS.close(fd);
    }

    /**
     * Creates an anonymous pipe whose both ends are close-on-exec.
     *
     * @return {read end, write end}
     * @throws NativeCallException naming errno when the kernel refuses (e.g. EMFILE)
     */
    public static int[] pipe() {
        int[] fds = new int[2];
        if (Os.CALLS.pipe2(fds, O_CLOEXEC) != 0) {
            throw failure("pipe2(O_CLOEXEC)", Os.CALLS.errno(), null);
        }
        return fds;
    }

    /**
     * Makes {@code newFd} refer to what {@code oldFd} refers to, closing {@code newFd}'s old file
     * atomically.
     *
     * @param oldFd the descriptor to copy
     * @param newFd the descriptor number to replace
     * @throws NativeCallException naming both descriptors and errno when it fails
     */
    public static void dup2(int oldFd, int newFd) {
        int result;
        do {
            result = Os.CALLS.dup2(oldFd, newFd);
        } while (result < 0 && Os.CALLS.errno() == Errno.EINTR);
        if (result < 0) {
            throw failure("dup2(" + oldFd + ", " + newFd + ")", Os.CALLS.errno(), null);
        }
    }

    /**
     * Sets O_NONBLOCK on an open file description (shared by every descriptor duplicated from it).
     *
     * @param fd the descriptor
     * @throws NativeCallException naming the descriptor and errno when fcntl fails
     */
    public static void setNonBlocking(int fd) {
        int flags = Os.CALLS.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || Os.CALLS.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            throw failure("fcntl(fd=" + fd + ", O_NONBLOCK)", Os.CALLS.errno(), null);
        }
    }

    /**
     * Creates a FIFO.
     *
     * @param path the path
     * @param mode permission bits, e.g. 0600 (the umask may clear more)
     * @return true when created, false when something already exists at {@code path}
     * @throws NativeCallException for any other failure, naming the path, the mode and errno
     */
    public static boolean mkfifo(String path, int mode) {
        if (Os.CALLS.mkfifo(path, mode) == 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.EEXIST) {
            return false;
        }
        throw failure("mkfifo(" + path + ", 0" + Integer.toOctalString(mode) + ")", errno, null);
    }

    /**
     * @param fd an open descriptor
     * @return whether it refers to a FIFO (or pipe)
     * @throws NativeCallException when fstat fails (e.g. EBADF)
     */
    public static boolean isFifo(int fd) {
        return (fstatMode(fd) & StatLayout.S_IFMT) == StatLayout.S_IFIFO;
    }

    /**
     * @param fd an open descriptor
     * @return whether it refers to a pipe, a FIFO or a socket: a stream whose reads and writes can
     *         be made non-blocking per call (RWF_NOWAIT) where the kernel supports it
     * @throws NativeCallException when fstat fails (e.g. EBADF)
     */
    static boolean isPipeOrSocket(int fd) {
        int type = fstatMode(fd) & StatLayout.S_IFMT;
        return type == StatLayout.S_IFIFO || type == StatLayout.S_IFSOCK;
    }

    /**
     * @param fd an open descriptor
     * @return the owner uid of the file it refers to
     * @throws NativeCallException when fstat fails (e.g. EBADF)
     */
    public static int ownerUid(int fd) {
        return fstat(fd).getInt(StatLayout.UID_OFFSET);
    }

    /**
     * @param path a path, not followed if it is a symbolic link
     * @return whether a Unix domain socket file is there; false also when lstat fails (nothing
     *         there, a directory on the way that may not be searched)
     */
    public static boolean isSocket(String path) {
        ByteBuffer stat = statBuffer();
        if (Os.CALLS.lstat(path, address(stat)) != 0) {
            return false;
        }
        return (stat.getInt(StatLayout.MODE_OFFSET) & StatLayout.S_IFMT) == StatLayout.S_IFSOCK;
    }

    /** @return the effective uid of this process */
    public static int effectiveUid() {
        return Os.CALLS.geteuid();
    }

    private static int fstatMode(int fd) {
        return fstat(fd).getInt(StatLayout.MODE_OFFSET);
    }

    /** fstat into a buffer of its own: the calls are rare (opening a stream, a FIFO registration). */
    private static ByteBuffer fstat(int fd) {
        ByteBuffer stat = statBuffer();
        if (Os.CALLS.fstat(fd, address(stat)) != 0) {
            throw failure("fstat(fd=" + fd + ")", Os.CALLS.errno(), null);
        }
        return stat;
    }

    private static ByteBuffer statBuffer() {
        return ByteBuffer.allocateDirect(StatLayout.SIZE).order(ByteOrder.nativeOrder());
    }

    /**
     * A libc call failed; the message names the call, its arguments and errno (symbol, number and
     * text), and what it was done for.
     */
    public static final class NativeCallException extends ChannelException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        private NativeCallException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        /** @return the errno value */
        public int errno() {
            return errno;
        }
    }

    /**
     * The transports' one mapping of a failed libc call to an exception: EPIPE and ECONNRESET
     * mean that the peer closed its end, a {@link ChannelClosedException}; any other errno is a
     * {@link NativeCallException} that keeps it.
     *
     * @param call   the call and its arguments, e.g. {@code "writev(fd=5)"}
     * @param errno  the errno it left
     * @param source the channel or object it was made for, starting the message (a URI, a stream's
     *               name), or null when {@code call} names it already (e.g. a path)
     * @return the exception to throw
     */
    public static ChannelException failure(String call, int errno, String source) {
        return failure(call, errno, source, null);
    }

    /**
     * {@link #failure(String, int, String)} with an explanation after errno's text, for a caller
     * that knows what this errno means for it (the system limit a queue exceeds, say).
     *
     * @param call        the call and its arguments
     * @param errno       the errno it left
     * @param source      the channel or object it was made for, or null
     * @param explanation what the failure means, or null; a closed channel's message says that
     *                    instead
     * @return the exception to throw
     */
    public static ChannelException failure(String call, int errno, String source, String explanation) {
        if (errno == Errno.EPIPE) {
            return closed(call, errno, source, "the peer closed its end");
        }
        if (errno == Errno.ECONNRESET) {
            return closed(call, errno, source, "the connection is lost, reset by the peer");
        }
        return new NativeCallException(prefix(source) + call + " failed: " + Errno.describe(errno)
                + (explanation == null ? "" : ": " + explanation), errno);
    }

    /**
     * The exception for a call whose errno says that the other end of the channel is gone, worded
     * as {@link #failure(String, int, String)} words EPIPE: for a transport whose own objects
     * can vanish (a removed System V queue) and that tells so by its own rule.
     *
     * @param call   the call and its arguments
     * @param errno  the errno it left
     * @param source the channel or object it was made for, or null
     * @param gone   what happened, e.g. {@code "the peer closed its end"}
     * @return the exception to throw
     */
    public static ChannelClosedException closed(String call, int errno, String source, String gone) {
        return new ChannelClosedException(prefix(source) + gone + " (" + call + ": " + Errno.describe(errno) + ")");
    }

    private static String prefix(String source) {
        return source == null ? "" : source + ": ";
    }
}
