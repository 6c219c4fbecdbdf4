package io.ipcring.ring.unicast;

import io.ipcring.channel.ChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * The producers and consumers one ring object attached, so that closing the ring detaches them
 * before the file is unmapped. Thread-safe.
 */
final class RingRoles {
    private final List<AutoCloseable> roles = new ArrayList<>();

    /** @param role a new producer or consumer @param <T> its type @return the role */
    synchronized <T extends AutoCloseable> T add(T role) {
        roles.add(role);
        return role;
    }

    /** @param role a role that closed itself */
    synchronized void remove(AutoCloseable role) {
        roles.remove(role);
    }

    /**
     * Closes every role still attached.
     *
     * @throws RuntimeException the first failure, after trying every role
     */
    void closeAll() {
        List<AutoCloseable> open;
        synchronized (this) {
            open = new ArrayList<>(roles);
            roles.clear();
        }
        RuntimeException failure = null;
        for (AutoCloseable role : open) {
            try {
                role.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException ? (RuntimeException) e
                        : new ChannelException("cannot close " + role, e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
