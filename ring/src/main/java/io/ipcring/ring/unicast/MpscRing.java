package io.ipcring.ring.unicast;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A many-producer, one-consumer ring in a memory-mapped file: producers in any number of
 * processes (up to the ring's producer slots) send to one consumer. Layout in
 * {@link RingDescriptor}; record format in {@link MessageFrame}.
 *
 * <p>Algorithm: producers reserve space with a compare-and-set on the claim position
 * (lock-free), write the payload in place, then commit the header with a release store (with a
 * stuck-claim timeout the header is first marked "being written", so a repaired claim is
 * detected at commit). The consumer (wait-free) reads headers with acquire,
 * delivers committed records in order of their claims, stops at the first uncommitted one, and
 * zeroes what it consumed before releasing it (so the next lap reads 0 where nothing is
 * written). Order is per producer: messages of one producer arrive in the order it committed
 * them.
 *
 * <p>Crash safety: each producer owns a slot in the file with its process identity and the
 * claim it is making; a claim left uncommitted by a dead producer is turned into padding by the
 * consumer (counted in {@link UnicastRingStats#deadProducerRepairs()}), so a crash never stalls the
 * ring. An opt-in timeout also repairs claims of live but stuck producers, with the risk
 * described in {@link UnicastRingOptions#stuckClaimTimeout}. The consumer's guarantee is in
 * {@link RingConsumer}. This object's methods are thread-safe; each producer and consumer is
 * used by one thread at a time (give each producing thread its own {@link #producer()}).
 */
public final class MpscRing implements AutoCloseable {
    private final RingFile file;
    private final UnicastRingOptions options;
    private final RingRoles roles = new RingRoles();
    private volatile boolean closed;

    private MpscRing(RingFile file, UnicastRingOptions options) {
        this.file = file;
        this.options = options;
    }

    /**
     * Creates a ring file; fails if one exists.
     *
     * @param path    the file (see {@link io.ipcring.sync.SharedRegion#pathOf(String)} for names)
     * @param options geometry, access and wait strategy
     * @return the ring
     * @throws IllegalArgumentException when the options are inconsistent
     * @throws SharedMemoryException    when the file exists or cannot be created
     */
    public static MpscRing create(Path path, UnicastRingOptions options) {
        Objects.requireNonNull(options, "options");
        return new MpscRing(RingFile.create(path, RingDescriptor.MPSC_FORMAT, options), options);
    }

    /**
     * Opens an existing ring file; never resets it.
     *
     * @param path    the file
     * @param options values that, when specified, must match the file; the wait strategy
     * @return the ring
     * @throws SharedMemoryException  when the file is missing, not an MPSC ring, or unreadable
     * @throws RingCorruptedException when its header is inconsistent
     * @throws ChannelException       when it does not match a specified option
     */
    public static MpscRing open(Path path, UnicastRingOptions options) {
        Objects.requireNonNull(options, "options");
        return new MpscRing(RingFile.open(path, RingDescriptor.MPSC_FORMAT, options), options);
    }

    /**
     * Opens the ring file, or creates it when absent; safe when processes race to create it.
     *
     * @param path    the file
     * @param options geometry (must match an existing file where specified), access, wait strategy
     * @return the ring
     */
    public static MpscRing openOrCreate(Path path, UnicastRingOptions options) {
        Objects.requireNonNull(options, "options");
        return new MpscRing(RingFile.openOrCreate(path, RingDescriptor.MPSC_FORMAT, options), options);
    }

    /**
     * Opens (or creates) a ring and attaches a producer; closing the producer detaches it and
     * closes the ring (as a {@code shm:?kind=mpsc} publisher does).
     *
     * @param path    the file
     * @param options as for {@link #openOrCreate}
     * @return the producer
     * @throws RingSlotsTakenException when every producer slot is taken
     */
    public static RingProducer openProducer(Path path, UnicastRingOptions options) {
        MpscRing ring = openOrCreate(path, options);
        return RingRoles.owning(ring, () -> ring.producer(ring.uri(), role -> ring.close()));
    }

    /**
     * Opens (or creates) a ring and attaches its consumer; closing the consumer detaches it and
     * closes the ring (as a {@code shm:?kind=mpsc} subscriber does).
     *
     * @param path    the file
     * @param options as for {@link #openOrCreate}
     * @return the consumer
     * @throws RingSlotsTakenException when a live consumer is attached
     */
    public static RingConsumer openConsumer(Path path, UnicastRingOptions options) {
        MpscRing ring = openOrCreate(path, options);
        return RingRoles.owning(ring, () -> ring.consumer(ring.uri(), role -> ring.close()));
    }

    /**
     * Attaches a new producer, taking a free producer slot; each producing thread needs its own.
     *
     * @return the producer; close it to detach and free its slot
     * @throws RingSlotsTakenException when every producer slot is taken
     */
    public RingProducer producer() {
        return producer(file.name(), roles::remove);
    }

    /**
     * Attaches this process as the ring's consumer, resuming after the last acknowledged message.
     *
     * @return the consumer; close it to detach
     * @throws RingSlotsTakenException when a live consumer is attached
     */
    public RingConsumer consumer() {
        return consumer(file.name(), roles::remove);
    }

    private RingProducer producer(String uri, Consumer<AutoCloseable> onClose) {
        checkOpen();
        return roles.add(file.watch().attach(() -> file.attach(() -> new MpscProducer(file, ProcessIdentity.current(), options.waitStrategy(), uri, onClose))));
    }

    private RingConsumer consumer(String uri, Consumer<AutoCloseable> onClose) {
        checkOpen();
        return roles.add(file.watch().attach(() -> file.attach(() -> new MpscConsumer(file, options.waitStrategy(), uri, onClose))));
    }

    /** @return a snapshot of the ring's statistics */
    public UnicastRingStats stats() {
        checkOpen();
        return file.stats();
    }

    /** @return the ring's file */
    public Path path() {
        return file.path();
    }

    /** @return the data capacity in bytes */
    public int capacity() {
        return file.layout().capacity();
    }

    /** @return the largest payload */
    public int maxMessageLength() {
        return file.layout().maxMessageLength();
    }

    /**
     * Detaches the producers and the consumer this object made, then unmaps the file; the file stays
     * (delete it with {@link io.ipcring.sync.SharedRegion#delete(Path)}). Callable from any thread: a
     * producer or consumer another thread is using detaches on that thread's next call (which
     * throws {@link ChannelClosedException}), and the file is unmapped once the last one has
     * detached (see {@link EndpointLifecycle}).
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                roles.closeAll();
            } finally {
                file.close();
            }
        }
    }

    /** @return the URI of the endpoints {@link #openProducer} and {@link #openConsumer} make */
    private String uri() {
        return "shm:" + file.path() + "?kind=mpsc";
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(file.name() + ": ring is closed");
        }
    }

    @Override
    public String toString() {
        return "MpscRing[" + file.path() + ", capacity=" + capacity() + ", producerSlots=" + file.layout().producerSlots() + "]";
    }
}
