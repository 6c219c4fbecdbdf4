package io.ipcring.transport.socket;

import io.ipcring.transport.NativeIo;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of a Unix domain socket connection, as the kernel recorded it when the
 * peer connected ({@code SO_PEERCRED}, read through {@link jdk.net.ExtendedSocketOptions#SO_PEERCRED}):
 * not something the peer claims, so it can be used for access control.
 *
 * <p>The process id is not included: Java 17 exposes only the user and group of
 * {@code SO_PEERCRED} for a {@link java.nio.channels.SocketChannel}, and reading the pid would
 * need the channel's file descriptor, which java.nio hides without {@code --add-opens}.
 *
 * @param uid   the peer's effective user id, -1 if its name cannot be resolved
 * @param gid   the peer's effective group id, -1 if its name cannot be resolved
 * @param user  the user name (or the uid as text when it has no name)
 * @param group the group name (or the gid as text when it has no name)
 */
public record PeerCredentials(int uid, int gid, String user, String group) {
    static PeerCredentials of(UnixDomainPrincipal principal) {
        String user = principal.user().getName();
        String group = principal.group().getName();
        return new PeerCredentials(NativeIo.uidOf(user), NativeIo.gidOf(group), user, group);
    }
}
