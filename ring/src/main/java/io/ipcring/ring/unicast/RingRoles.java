package io.ipcring.ring.unicast;

import io.ipcring.channel.ChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The producers and consumers one ring object attached, so that closing the ring detaches them
 * before the file is unmapped. Thread-safe.
 */
final class RingRoles {
    private final List<AutoCloseable> roles = new ArrayList<>();

    /**
     * Makes an endpoint that owns its ring: closes the ring when making the endpoint fails.
     *
     * @param ring     the ring, just opened
     * @param endpoint makes the endpoint, which closes the ring when it is closed
     * @param <T>      the endpoint's type
     * @return the endpoint
     */
    static <T> T owning(AutoCloseable ring, Supplier<T> endpoint) {
        try {
            return endpoint.get();
        } catch (RuntimeException e) {
            try {
                ring.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

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
