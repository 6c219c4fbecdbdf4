package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.NativeIo;
import java.nio.ByteBuffer;

/**
 * The libc socket calls of the {@code unix:} transport, made through {@link Os#CALLS}: a Unix
 * domain socket driven on its raw descriptor, so the kernel's {@code SO_PEERCRED} (pid, uid, gid)
 * can be read, which java.nio hides. Structures are passed by the native address of a direct
 * buffer laid out by {@link SocketStructs}. Linux only: the values are Linux's, the same on x86-64
 * and aarch64 ({@code UnixSocketLibcTest} compares each, and the {@link Errno} values the
 * transport tells apart, with this machine's C headers). Failures map to exceptions by
 * {@link NativeIo#failure(String, int, String)}.
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

    private UnixSocketLibc() {
    }

    /**
     * Opens a non-blocking, close-on-exec Unix domain stream socket.
     *
     * @return its descriptor
     * @throws ChannelException naming errno when the kernel refuses
     */
    static int openStreamSocket() {
        int fd = Os.CALLS.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw NativeIo.failure("socket(AF_UNIX, SOCK_STREAM)", Os.CALLS.errno(), null);
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
        long address = NativeIo.address(scratch) + SocketStructs.SCRATCH_ADDRESS_OFFSET;
        return Os.CALLS.bind(fd, address, length) == 0 ? 0 : Os.CALLS.errno();
    }

    /**
     * Starts a non-blocking connect to a path.
     *
     * @param fd      a non-blocking socket
     * @param scratch a scratch block ({@link SocketStructs})
     * @param path    the path's bytes
     * @return 0 when connected, else the errno ({@link Errno#EAGAIN}: the server's backlog is full)
     */
    static int connect(int fd, ByteBuffer scratch, byte[] path) {
        int length = SocketStructs.putAddress(scratch, path);
        long address = NativeIo.address(scratch) + SocketStructs.SCRATCH_ADDRESS_OFFSET;
        return Os.CALLS.connect(fd, address, length) == 0 ? 0 : Os.CALLS.errno();
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
        int accepted = Os.CALLS.accept4(fd, base + SocketStructs.SCRATCH_ADDRESS_OFFSET,
                base + SocketStructs.SCRATCH_LENGTH_OFFSET, SOCK_NONBLOCK | SOCK_CLOEXEC);
        return accepted >= 0 ? accepted : -Os.CALLS.errno();
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
        if (Os.CALLS.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, base + SocketStructs.SCRATCH_UCRED_OFFSET,
                base + SocketStructs.SCRATCH_LENGTH_OFFSET) != 0) {
            throw NativeIo.failure("getsockopt(fd=" + fd + ", SO_PEERCRED)", Os.CALLS.errno(), null);
        }
        int length = scratch.getInt(SocketStructs.SCRATCH_LENGTH_OFFSET);
        if (length != SocketStructs.UCRED_SIZE) {
            throw new ChannelException("getsockopt(fd=" + fd + ", SO_PEERCRED) returned length=" + length
                    + ", expected " + SocketStructs.UCRED_SIZE);
        }
        return SocketStructs.readCredentials(scratch);
    }

    /**
     * @param uid a user id
     * @return its name in the user database, or the uid as text when it has none
     */
    static String userName(int uid) {
        String name = Os.CALLS.userName(uid);
        return name == null ? Integer.toString(uid) : name;
    }

    /**
     * @param gid a group id
     * @return its name in the group database, or the gid as text when it has none
     */
    static String groupName(int gid) {
        String name = Os.CALLS.groupName(gid);
        return name == null ? Integer.toString(gid) : name;
    }
}
