package io.ipcring.transport.server;

import io.ipcring.sync.os.Os;

/**
 * Who is at the other end of a Unix domain socket connection (a {@link Peer} of a
 * {@code unix:} server, or the server a {@code unix:} client reached), as the kernel recorded it
 * ({@code SO_PEERCRED}, read with {@code getsockopt} on the connection's descriptor): not
 * something the peer claims, so it can be used for access control. A server sees each client as
 * it was when it called {@code connect}; a client sees the server as it was when it called
 * {@code listen}.
 *
 * <p>The ids are those of the reader's namespaces: a peer in another PID namespace that the
 * reader's cannot see has pid 0, and a uid or gid with no mapping in the reader's user
 * namespace is the overflow id (usually 65534).
 *
 * @param pid the peer's process id (the process that connected or listened, which may since have
 *            exited, and whose pid may even have been reused)
 * @param uid the peer's effective user id
 * @param gid the peer's effective group id
 */
public record PeerCredentials(long pid, int uid, int gid) {
    /**
     * Looks the uid up in the user database (each call; nothing is cached).
     *
     * @return the user's name, or the uid as text when it has none
     */
    public String user() {
        String name = Os.CALLS.userName(uid);
        return name == null ? Integer.toString(uid) : name;
    }

    /**
     * Looks the gid up in the group database (each call; nothing is cached).
     *
     * @return the group's name, or the gid as text when it has none
     */
    public String group() {
        String name = Os.CALLS.groupName(gid);
        return name == null ? Integer.toString(gid) : name;
    }
}
