package io.ipcring.transport.socket;

import io.ipcring.ring.ChannelException;
import io.ipcring.transport.NativeIo;
import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;
import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/**
 * The libc socket calls of the {@code unix:} transport, bound with jnr-ffi: a Unix domain socket
 * driven on its raw descriptor, so the kernel's {@code SO_PEERCRED} (pid, uid, gid) can be read,
 * which java.nio hides. Structures are passed by the native address of a direct buffer laid out
 * by {@link SocketStructs}. Linux only: the values are Linux's, the same on x86-64 and aarch64
 * ({@code UnixSocketLibcTest} compares each with this machine's C headers).
 */
final class UnixSocketLibc {
    /** {@code socket}: the Unix domain (local) address family. */
    static final int AF_UNIX = 1;
    /** {@code socket}: a reliable, ordered byte stream. */
    static final int SOCK_STREAM = 1;
    /** {@code socket}, {@code accept4}: the new descriptor is non-blocking. */
    static final int SOCK_NONBLOCK = 04000;
    /** {@code socket}, {@code accept4}: the new descriptor is closed on exec. */
    static final int SOCK_CLOEXEC = 02000000;
    /** {@code getsockopt}: an option of the socket layer. */
    static final int SOL_SOCKET = 1;
    /** {@code getsockopt}: the peer's {@code struct ucred}, recorded at connect (or listen) time. */
    static final int SO_PEERCRED = 17;
    /** Owner may read and write; nobody else may do anything. */
    static final int MODE_OWNER_READ_WRITE = 0600;
    /** Pending connections a listening socket queues (the kernel caps it at {@code somaxconn}). */
    static final int LISTEN_BACKLOG = 128;

    /** No such file or directory. */
    static final int ENOENT = 2;
    /** Interrupted system call. */
    static final int EINTR = 4;
    /** Resource temporarily unavailable: nothing to accept, or the server's backlog is full. */
    static final int EAGAIN = 11;
    /** Permission denied. */
    static final int EACCES = 13;
    /** Too many open files in the system. */
    static final int ENFILE = 23;
    /** Too many open files in the process. */
    static final int EMFILE = 24;
    /** Address already in use. */
    static final int EADDRINUSE = 98;
    /** A connection was aborted before it could be accepted. */
    static final int ECONNABORTED = 103;
    /** Connection refused: a socket file nobody listens on. */
    static final int ECONNREFUSED = 111;

    /**
     * The jnr-ffi binding. Public only because jnr-ffi generates its implementation in another
     * class loader; not part of the API. Pointers are native addresses.
     */
    public interface Functions {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int fchmod(int fd, int mode);

        @SaveError
        int bind(int fd, long address, int addressLength);

        @SaveError
        int listen(int fd, int backlog);

        @SaveError
        int accept4(int fd, long address, long addressLengthPointer, int flags);

        @SaveError
        int connect(int fd, long address, int addressLength);

        @SaveError
        int getsockopt(int fd, int level, int option, long value, long valueLengthPointer);

        @SaveError
        int poll(long fds, long count, int timeoutMillis);
    }

    /** The bound functions. */
    static final Functions LIBC = LibraryLoader.create(Functions.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    private static final POSIX POSIX_CALLS = POSIXFactory.getNativePOSIX();

    private UnixSocketLibc() {
    }

    /** @return errno of the calling thread's last call through {@link #LIBC} */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /**
     * Opens a non-blocking, close-on-exec Unix domain stream socket.
     *
     * @return its descriptor
     * @throws ChannelException naming errno when the kernel refuses
     */
    static int openStreamSocket() {
        int fd = LIBC.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new ChannelException("socket(AF_UNIX, SOCK_STREAM) failed: " + describe(errno()));
        }
        return fd;
    }

    /**
     * Binds a socket to a path.
     *
     * @param fd      the socket
     * @param scratch a scratch block ({@link SocketStructs})
     * @param path    the path's bytes
     * @return 0, or the errno of the failure
     */
    static int bind(int fd, ByteBuffer scratch, byte[] path) {
        int length = SocketStructs.putAddress(scratch, path);
        return LIBC.bind(fd, NativeIo.address(scratch) + SocketStructs.SCRATCH_ADDRESS_OFFSET, length) == 0 ? 0 : errno();
    }

    /**
     * Starts a non-blocking connect to a path.
     *
     * @param fd      a non-blocking socket
     * @param scratch a scratch block ({@link SocketStructs})
     * @param path    the path's bytes
     * @return 0 when connected, else the errno ({@link #EAGAIN}: the server's backlog is full)
     */
    static int connect(int fd, ByteBuffer scratch, byte[] path) {
        int length = SocketStructs.putAddress(scratch, path);
        return LIBC.connect(fd, NativeIo.address(scratch) + SocketStructs.SCRATCH_ADDRESS_OFFSET, length) == 0 ? 0 : errno();
    }

    /**
     * Accepts one pending connection as a non-blocking, close-on-exec socket; its address is left
     * in the scratch block ({@link SocketStructs#readAddress}).
     *
     * @param fd      a non-blocking listening socket
     * @param scratch a scratch block
     * @return the new descriptor, or minus the errno ({@code -EAGAIN}: nobody is waiting)
     */
    static int accept(int fd, ByteBuffer scratch) {
        long base = NativeIo.address(scratch);
        scratch.putInt(SocketStructs.SCRATCH_LENGTH_OFFSET, SocketStructs.SOCKADDR_UN_SIZE);
        int accepted = LIBC.accept4(fd, base + SocketStructs.SCRATCH_ADDRESS_OFFSET,
                base + SocketStructs.SCRATCH_LENGTH_OFFSET, SOCK_NONBLOCK | SOCK_CLOEXEC);
        return accepted >= 0 ? accepted : -errno();
    }

    /**
     * Reads {@code SO_PEERCRED}: for an accepted connection the client's credentials when it
     * connected, for a connected client the server's when it called {@code listen}.
     *
     * @param fd      a connected socket
     * @param scratch a scratch block
     * @return the credentials
     * @throws ChannelException naming errno when the kernel refuses
     */
    static PeerCredentials peerCredentials(int fd, ByteBuffer scratch) {
        long base = NativeIo.address(scratch);
        scratch.putInt(SocketStructs.SCRATCH_LENGTH_OFFSET, SocketStructs.UCRED_SIZE);
        if (LIBC.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, base + SocketStructs.SCRATCH_UCRED_OFFSET,
                base + SocketStructs.SCRATCH_LENGTH_OFFSET) != 0) {
            throw new ChannelException("getsockopt(fd=" + fd + ", SO_PEERCRED) failed: " + describe(errno()));
        }
        int length = scratch.getInt(SocketStructs.SCRATCH_LENGTH_OFFSET);
        if (length != SocketStructs.UCRED_SIZE) {
            throw new ChannelException("getsockopt(fd=" + fd + ", SO_PEERCRED) returned length=" + length
                    + ", expected " + SocketStructs.UCRED_SIZE);
        }
        return SocketStructs.readCredentials(scratch);
    }

    /**
     * @param errno an errno value
     * @return its symbol when it is one this class names, its number and the C library's text
     */
    static String describe(int errno) {
        return name(errno) + " (" + errno + "): " + POSIX_CALLS.strerror(errno);
    }

    private static String name(int errno) {
        switch (errno) {
            case ENOENT: return "ENOENT";
            case EINTR: return "EINTR";
            case EAGAIN: return "EAGAIN";
            case EACCES: return "EACCES";
            case ENFILE: return "ENFILE";
            case EMFILE: return "EMFILE";
            case EADDRINUSE: return "EADDRINUSE";
            case ECONNABORTED: return "ECONNABORTED";
            case ECONNREFUSED: return "ECONNREFUSED";
            default: return "errno";
        }
    }

    /**
     * @param uid a user id
     * @return its name in the user database, or the uid as text when it has none
     */
    static String userName(int uid) {
        Passwd entry = POSIX_CALLS.getpwuid(uid);
        String name = entry == null ? null : entry.getLoginName();
        return name == null ? Integer.toString(uid) : name;
    }

    /**
     * @param gid a group id
     * @return its name in the group database, or the gid as text when it has none
     */
    static String groupName(int gid) {
        Group entry = POSIX_CALLS.getgrgid(gid);
        String name = entry == null ? null : entry.getName();
        return name == null ? Integer.toString(gid) : name;
    }
}
