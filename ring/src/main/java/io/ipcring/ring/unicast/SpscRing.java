package io.ipcring.ring.unicast;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.sync.SharedMemoryException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A one-producer, one-consumer ring in a memory-mapped file ({@code /dev/shm} or any file
 * system with shared mappings): the fastest ipcring channel between two processes. Layout in
 * {@link RingDescriptor}; record format in {@link MessageFrame}.
 *
 * <p>Algorithm (wait-free on both sides): the producer writes a record plainly in free space,
 * then publishes it with a release store of its header word (and, every 4 KiB, when full and at
 * close, stores its tail for restarts and inspectors); the consumer reads header words with acquire, in place, up to the first zero
 * word, acknowledges the batch and, once a kilobyte is consumed or a poll finds nothing, zeroes
 * the consumed space and frees it by storing the head with release.
 * The message and its signal share a cache line, so a round trip moves one line each way; the
 * producer reads the head only when a cached copy says the ring is full.
 *
 * <pre>{@code
 * Path path = SharedRegion.pathOf("orders");
 * try (SpscRing ring = SpscRing.openOrCreate(path, UnicastRingOptions.defaults().capacity(1 << 20))) {
 *     RingProducer producer = ring.producer();       // in the producing process
 *     producer.offer(bytes, 0, bytes.length, 1);
 *     RingConsumer consumer = ring.consumer();       // in the consuming process
 *     consumer.poll((type, buffer, offset, length) -> handle(buffer, offset, length), 100);
 * }
 * }</pre>
 *
 * <p>One producer and one consumer may be attached at a time (across all processes); a role
 * whose process died is taken over. Crash behaviour: a producer that dies between claim and
 * commit published nothing (its header word still reads 0; the next producer zeroes what it
 * wrote), so nothing is lost or stuck; a consumer's
 * guarantee is in {@link RingConsumer}. This object's methods are thread-safe; each producer
 * and consumer is used by one thread at a time.
 */
public final class SpscRing implements AutoCloseable {
    private final RingFile file;
    private final UnicastRingOptions options;
    private final RingRoles roles = new RingRoles();
    private volatile boolean closed;

    private SpscRing(RingFile file, UnicastRingOptions options) {
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
    public static SpscRing create(Path path, UnicastRingOptions options) {
        Objects.requireNonNull(options, "options");
        return new SpscRing(RingFile.create(path, RingDescriptor.SPSC_FORMAT, options), options);
    }

    /**
     * Opens an existing ring file; never resets it.
     *
     * @param path    the file
     * @param options values that, when specified, must match the file; the wait strategy
     * @return the ring
     * @throws SharedMemoryException  when the file is missing, not an SPSC ring, or unreadable
     * @throws RingCorruptedException when its header is inconsistent
     * @throws ChannelException       when it does not match a specified option
     */
    public static SpscRing open(Path path, UnicastRingOptions options) {
        Objects.requireNonNull(options, "options");
        return new SpscRing(RingFile.open(path, RingDescriptor.SPSC_FORMAT, options), options);
    }

    /**
     * Opens the ring file, or creates it when absent; safe when processes race to create it.
     *
     * @param path    the file
     * @param options geometry (must match an existing file where specified), access, wait strategy
     * @return the ring
     */
    public static SpscRing openOrCreate(Path path, UnicastRingOptions options) {
        Objects.requireNonNull(options, "options");
        return new SpscRing(RingFile.openOrCreate(path, RingDescriptor.SPSC_FORMAT, options), options);
    }

    /**
     * Opens (or creates) a ring and attaches a producer; closing the producer detaches it and
     * closes the ring (as a {@code shm:?kind=spsc} publisher does).
     *
     * @param path    the file
     * @param options as for {@link #openOrCreate}
     * @return the producer
     * @throws RingSlotsTakenException when a live producer is attached
     */
    public static RingProducer openProducer(Path path, UnicastRingOptions options) {
        SpscRing ring = openOrCreate(path, options);
        return RingRoles.owning(ring, () -> ring.producer(ring.uri(), role -> ring.close()));
    }

    /**
     * Opens (or creates) a ring and attaches its consumer; closing the consumer detaches it and
     * closes the ring (as a {@code shm:?kind=spsc} subscriber does).
     *
     * @param path    the file
     * @param options as for {@link #openOrCreate}
     * @return the consumer
     * @throws RingSlotsTakenException when a live consumer is attached
     */
    public static RingConsumer openConsumer(Path path, UnicastRingOptions options) {
        SpscRing ring = openOrCreate(path, options);
        return RingRoles.owning(ring, () -> ring.consumer(ring.uri(), role -> ring.close()));
    }

    /**
     * Attaches this process as the ring's producer.
     *
     * @return the producer; close it to detach
     * @throws RingSlotsTakenException when a live producer is attached
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
        return roles.add(file.watch().attach(() -> file.attach(() -> new SpscProducer(file, options.waitStrategy(), uri, onClose))));
    }

    private RingConsumer consumer(String uri, Consumer<AutoCloseable> onClose) {
        checkOpen();
        return roles.add(file.watch().attach(() -> file.attach(() -> new SpscConsumer(file, options.waitStrategy(), uri, onClose))));
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
     * Detaches the producer and consumer this object made, then unmaps the file; the file stays
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
        return "shm:" + file.path() + "?kind=spsc";
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(file.name() + ": ring is closed");
        }
    }

    @Override
    public String toString() {
        return "SpscRing[" + file.path() + ", capacity=" + capacity() + "]";
    }
}
