package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.NativeIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * A server's Unix domain socket file, created with mode 0600 without a window in which anybody
 * else could connect.
 *
 * <p>Linux gives the file that {@code bind(2)} creates the mode of the socket itself, less the
 * umask. So the socket is {@code fchmod}-ed to 0600 before it is bound: the file appears at its
 * name already private (a umask can only take bits away). After binding the mode is checked: a
 * group or other bit (a kernel that ignored the {@code fchmod}) fails the bind and removes the
 * file; owner bits a strict umask took away are given back.
 *
 * <p>A socket file already at the path is replaced only when no server answers on it (left by
 * a server that died); a live one, or anything that is not a socket, is an error, and so is a
 * path longer than a socket address holds ({@value SocketStructs#MAX_PATH_BYTES} bytes).
 * {@link #remove()} deletes the file only while it is still the one this server created.
 */
final class UnixSocketFile {
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final Object fileKey;

    private UnixSocketFile(Path path, Object fileKey) {
        this.path = path;
        this.fileKey = fileKey;
    }

    /**
     * Binds a socket to its path, private from the start.
     *
     * @param fd      a Unix domain stream socket, not yet bound
     * @param scratch a scratch block ({@link SocketStructs})
     * @param target  the absolute path
     * @param uri     the channel's URI, for messages
     * @return the file
     * @throws IllegalArgumentException when the path does not fit a socket address
     * @throws ChannelException         when the path is taken or the bind fails
     */
    static UnixSocketFile bind(int fd, ByteBuffer scratch, Path target, String uri) {
        byte[] bytes = SocketStructs.pathBytes(target);
        removeIfStale(target, bytes, scratch, uri);
        if (Os.CALLS.fchmod(fd, UnixSocketLibc.MODE_OWNER_READ_WRITE) != 0) {
            throw NativeIo.failure("fchmod(socket, 0600)", Os.CALLS.errno(), uri);
        }
        int errno = UnixSocketLibc.bind(fd, scratch, bytes);
        if (errno == Errno.EADDRINUSE) {
            throw new ChannelException(uri + ": " + target + " was created by someone else while this server was binding");
        }
        if (errno != 0) {
            throw NativeIo.failure("bind(" + target + ")", errno, uri);
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            UnixSocketFile file = new UnixSocketFile(target, attributes.fileKey());
            Set<PosixFilePermission> permissions = attributes.permissions();
            if (!OWNER_ONLY.containsAll(permissions)) {
                file.remove();
                throw new ChannelException(uri + ": " + target + " was created " + PosixFilePermissions.toString(permissions)
                        + " although the socket was fchmod-ed to 0600 first; this kernel does not keep socket files private");
            }
            if (!permissions.equals(OWNER_READ_WRITE)) {
                Files.setPosixFilePermissions(target, OWNER_READ_WRITE);
            }
            return file;
        } catch (IOException e) {
            throw new ChannelException(uri + ": cannot check the mode of " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes a socket file nobody answers on; refuses anything else at the path. */
    private static void removeIfStale(Path target, byte[] bytes, ByteBuffer scratch, String uri) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!NativeIo.isSocket(target.toString())) {
            throw new ChannelException(uri + ": " + target + " exists and is not a socket");
        }
        int probe = UnixSocketLibc.openStreamSocket();
        int errno;
        try {
            errno = UnixSocketLibc.connect(probe, scratch, bytes);
        } finally {
            NativeIo.close(probe);
        }
        if (errno == 0 || errno == Errno.EAGAIN) {
            throw new ChannelException(uri + ": " + target + " is in use by a running server");
        }
        if (errno != Errno.ECONNREFUSED && errno != Errno.ENOENT) {
            throw NativeIo.failure("connect(" + target + ")", errno, uri, "cannot tell whether a server uses it");
        }
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new ChannelException(uri + ": cannot remove the stale socket file " + target + ": " + e.getMessage(), e);
        }
    }

    /** @return the socket file's path */
    Path path() {
        return path;
    }

    /** Deletes the socket file if it is still the one this server created. */
    void remove() {
        try {
            Object current = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (Objects.equals(current, fileKey)) {
                Files.delete(path);
            }
        } catch (IOException gone) {
            // already removed or replaced: not ours to delete
        }
    }
}
