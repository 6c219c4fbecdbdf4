package io.ipcring.ring.unicast;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One mapped ring file: its region, its validated {@link RingLayout}, and the attach/detach of
 * single-owner roles (SPSC producer, consumer) through owner words. Creating, opening and
 * validating are here; the ring algorithms are in the producer and consumer classes.
 */
final class RingFile implements AutoCloseable {
    private static final int OWNER_ATTEMPTS = 16;

    private final SharedRegion region;
    private final RingLayout layout;
    private final String name;
    /** Endpoints attached and not detached yet: the mapping outlives them. Guarded by this. */
    private int endpoints;
    /** Set by {@link #close()}; the unmap waits for the last endpoint. Guarded by this. */
    private boolean closed;
    /** The watch of {@link #stats()}, which any thread may call. */
    private final FileWatch statsWatch;

    private RingFile(SharedRegion region, RingLayout layout) {
        this.region = region;
        this.statsWatch = new FileWatch(region);
        this.layout = layout;
        this.name = region.path().toString();
    }

    /**
     * Creates a ring file; fails if one exists.
     *
     * @param path    the file
     * @param format  {@link RingDescriptor#SPSC_FORMAT} or {@link RingDescriptor#MPSC_FORMAT}
     * @param options geometry and access
     * @return the ring file
     */
    static RingFile create(Path path, RegionFormat format, UnicastRingOptions options) {
        RingLayout layout = RingLayout.forCreate(format.kind(), options);
        SharedRegion region = SharedRegion.create(path, format, layout.fileLength(), options.access(), layout::write);
        return new RingFile(region, layout);
    }

    /**
     * Opens an existing ring file and validates it.
     *
     * @param path    the file
     * @param format  the expected kind
     * @param options values that, when specified, must match the file
     * @return the ring file
     * @throws SharedMemoryException  when the file is missing, not a ring of this kind, or unreadable
     * @throws RingCorruptedException when its ring header is inconsistent
     * @throws ChannelException       when it does not match a specified option
     */
    static RingFile open(Path path, RegionFormat format, UnicastRingOptions options) {
        SharedRegion region = SharedRegion.open(path, format);
        try {
            RingLayout layout = RingLayout.read(region.memory(), format.kind(), region.path().toString());
            layout.checkMatches(options, region.path().toString());
            return new RingFile(region, layout);
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * Opens the ring, or creates it when absent; safe when several processes race to create it.
     *
     * @param path    the file
     * @param format  the kind
     * @param options geometry: must match an existing file where specified
     * @return the ring file
     */
    static RingFile openOrCreate(Path path, RegionFormat format, UnicastRingOptions options) {
        Objects.requireNonNull(options, "options");
        for (int attempt = 0; ; attempt++) {
            try {
                return open(path, format, options);
            } catch (SharedMemoryException e) {
                if (e.reason() != SharedMemoryException.Reason.MISSING) {
                    throw e;
                }
            }
            try {
                return create(path, format, options);
            } catch (SharedMemoryException e) {
                if (e.reason() != SharedMemoryException.Reason.ALREADY_EXISTS || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Makes this process the owner of a single-owner role, taking over from a dead owner.
     *
     * @param offset the role's owner word
     * @param role   the role's name, for the message
     * @return the owner word stored, to pass to {@link #releaseOwner}
     * @throws RingSlotsTakenException when a live process owns the role
     */
    long acquireOwner(int offset, String role) {
        MappedMemory memory = region.memory();
        long me = ProcessIdentity.current().pack();
        for (int attempt = 0; attempt < OWNER_ATTEMPTS; attempt++) {
            long current = memory.getLongVolatile(offset);
            if (ProcessIdentity.isAlive(current)) {
                throw new RingSlotsTakenException(name + ": the " + role + " is already attached by the live process pid="
                        + ProcessIdentity.unpack(current).pid() + " (one " + role + " at a time"
                        + (current == me ? ", and this process already has one)" : ")"));
            }
            // CAS: pairs with other attachers' CAS and with releaseOwner; only one takes the role.
            if (memory.compareAndSetLong(offset, current, me)) {
                return me;
            }
        }
        throw new ChannelException(name + ": the " + role + " owner word keeps changing; " + OWNER_ATTEMPTS
                + " attach attempts failed");
    }

    /**
     * Gives a role up, unless another process has taken it over meanwhile.
     *
     * @param offset the role's owner word
     * @param owner  what {@link #acquireOwner} returned
     */
    void releaseOwner(int offset, long owner) {
        // CAS: pairs with acquireOwner; leaves a takeover by another process alone.
        region.memory().compareAndSetLong(offset, owner, 0);
    }

    /**
     * Makes an endpoint (producer or consumer) that keeps the mapping until it detaches.
     *
     * @param endpoint makes the endpoint; it calls {@link #release()} at the end of its detach
     * @param <T>      the endpoint's type
     * @return the endpoint
     * @throws ChannelClosedException when this file is closed
     */
    <T> T attach(Supplier<T> endpoint) {
        synchronized (this) {
            if (closed) {
                throw new ChannelClosedException(name + ": ring is closed");
            }
            endpoints++;
        }
        try {
            return endpoint.get();
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    /**
     * An endpoint made by {@link #attach} has detached: it no longer touches the mapping. The
     * last one unmaps the file once it is closed.
     */
    synchronized void release() {
        endpoints--;
        if (closed && endpoints == 0) {
            region.close();
        }
    }

    /** @return the mapping */
    MappedMemory memory() {
        return region.memory();
    }

    /** @return the validated layout */
    RingLayout layout() {
        return layout;
    }

    /** @return the file's path */
    Path path() {
        return region.path();
    }

    /** @return the file's path as text, for messages */
    String name() {
        return name;
    }

    /**
     * @return a statistics snapshot
     * @throws ChannelClosedException   when this file is closed (under the lock, so never unmapped
     *                                  while read)
     * @throws RingFileChangedException when another process truncated or replaced the file
     */
    synchronized UnicastRingStats stats() {
        if (closed) {
            throw new ChannelClosedException(name + ": ring is closed");
        }
        FileWatch watch = statsWatch;
        watch.check();
        try {
            try {
                return UnicastRingStats.read(region.memory());
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    /** @return a new watch over the file, for one endpoint */
    FileWatch watch() {
        return new FileWatch(region);
    }

    /**
     * Unmaps the file (which stays) now, or, while endpoints made by {@link #attach} have not
     * detached yet (one closed from another thread than its own, see {@link EndpointLifecycle}),
     * when the last of them does. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (endpoints == 0) {
                region.close();
            }
        }
    }
}
