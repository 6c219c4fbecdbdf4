package io.ipcring.transport.socket;

import io.ipcring.ring.ChannelException;
import io.ipcring.transport.NativeIo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * A server's Unix domain socket file, created with mode 0600 without a window in which anybody
 * else could connect.
 *
 * <p>{@code bind(2)} creates the file with the process's umask, and java.nio offers no way to
 * {@code fchmod} the socket before binding. So the socket is bound inside a fresh directory of
 * mode 0700 next to the target (nobody else can reach into it), chmod-ed to 0600 there, and then
 * renamed onto the target path in one atomic step: the file appears at its public name already
 * private. The socket keeps working after the rename (clients connect by inode); only
 * {@code getLocalAddress()} keeps reporting the temporary name, so the server reports the target.
 * The temporary path is longer than the target by about 30 bytes, which counts against the
 * kernel's 107-byte limit on socket paths.
 *
 * <p>A socket file already at the target is replaced only when no server answers on it (left by
 * a server that died); a live one, or anything that is not a socket, is an error.
 * {@link #remove()} deletes the file only while it is still the one this server created.
 */
final class UnixSocketFile {
    private final Path path;
    private final Object fileKey;

    private UnixSocketFile(Path path, Object fileKey) {
        this.path = path;
        this.fileKey = fileKey;
    }

    static UnixSocketFile bind(ServerSocketChannel server, Path target, String uri) {
        checkTarget(target, uri);
        Path parent = target.toAbsolutePath().getParent();
        Path privateDir = null;
        try {
            privateDir = Files.createTempDirectory(parent, ".ipc", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path temporary = privateDir.resolve("s");
            server.bind(UnixDomainSocketAddress.of(temporary));
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            Object key = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new UnixSocketFile(target, key);
        } catch (IOException e) {
            throw new ChannelException(uri + ": cannot bind " + target + ": " + e.getMessage(), e);
        } finally {
            if (privateDir != null) {
                try {
                    Files.deleteIfExists(privateDir.resolve("s"));
                    Files.deleteIfExists(privateDir);
                } catch (IOException ignored) {
                    // an empty hidden directory left in the parent is harmless
                }
            }
        }
    }

    private static void checkTarget(Path target, String uri) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!NativeIo.isSocket(target.toString())) {
            throw new ChannelException(uri + ": " + target + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(target));
        } catch (IOException stale) {
            return;
        }
        throw new ChannelException(uri + ": " + target + " is in use by a running server");
    }

    /** @return the socket file's path */
    Path path() {
        return path;
    }

    /** Deletes the socket file if it is still the one this server created. */
    void remove() {
        try {
            Object current = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (Objects.equals(current, fileKey)) {
                Files.delete(path);
            }
        } catch (IOException gone) {
            // already removed or replaced: not ours to delete
        }
    }
}
