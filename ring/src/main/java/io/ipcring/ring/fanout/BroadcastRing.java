package io.ipcring.ring.fanout;

import static io.ipcring.ring.fanout.BroadcastRingDescriptor.BYTES_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.CAPACITY_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.FULL_EVENTS_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.LIVENESS_TIMEOUT_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.MAX_MESSAGE_LENGTH_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.MESSAGES_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.PRODUCER_SLOTS_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RELEASES_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.REPAIRS_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_SLOTS_OFFSET;

import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RobustMutex;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A fan-out ring in a shared file: one or many producers (in any processes) publish, and every
 * attached subscriber receives every message, in the same order, from its own position.
 *
 * <h2>Algorithm</h2>
 * Producers claim, write and commit in claim order ({@link OrderedPublication}); a producer that
 * dies holding a claim is replaced by padding by the producer after it. Each subscriber owns a
 * slot ({@link BroadcastRingDescriptor}) holding its process identity, its position (everything
 * below is read), a heartbeat and its name; it reads records in place below the tail and stores
 * its position after each batch (release). Producers never overwrite what an attached subscriber
 * has not read: they gate on the lowest attached position (cached, re-read only when the ring
 * looks full, and re-read when the gating epoch shows a subscriber joined). A subscriber whose
 * heartbeat is older than the liveness timeout while it holds the producers back is released (its
 * process died or stopped polling): it stops gating, and its next poll throws
 * {@link ChannelClosedException}. The timeout doubles as a grace period: a crashed subscriber that
 * is restarted and attaches again by the same name within it resumes where it left off.
 *
 * <h2>Joining</h2>
 * A subscriber attaches by name ({@link #subscribe}); names are unique among attached
 * subscribers (a robust attach lock in the file serialises attaching). It starts at the tail
 * ({@link StartPosition#LATEST}) or at the oldest record not yet overwritten
 * ({@link StartPosition#OLDEST}, tracked as a record boundary, {@code retained}, that producers
 * advance before overwriting). The race with producers holding a cached gate is closed by the
 * joiner: it stores its position, makes its slot gate (compare-and-set of the owner), increments
 * the gating epoch, then reads the claim counter; if a claim already reaches its start, it moves
 * its start forward and checks again. A producer whose cached gate predates the join sees the new
 * epoch after its claim and re-reads the gate before writing.
 *
 * <h2>Guarantees</h2>
 * Every attached subscriber receives every message committed while it is attached, once and in
 * commit order, unless it is released. Producers are lock-free among themselves when claiming and
 * wait for earlier claims to commit; they block (or {@code offer} returns false) while the slowest
 * live subscriber holds them back. A subscriber's position lives in the file: a subscriber that
 * crashes and attaches again by name before it is released resumes after its last completed
 * {@code poll} (at-least-once for the batch it was handling).
 *
 * <p>This object (the mapping) is thread-safe; its publishers and subscribers are each for one
 * thread at a time. Close the publishers and subscribers before the ring.
 */
public final class BroadcastRing implements AutoCloseable {
    /** Where a newly attached subscriber starts reading. */
    public enum StartPosition {
        /** At the tail: only messages committed from now on. */
        LATEST,
        /** At the oldest message still in the ring (not yet overwritten). */
        OLDEST
    }

    /**
     * One subscriber slot in use.
     *
     * @param name     the subscriber's name
     * @param pid      its process id
     * @param position its position (everything below is read)
     * @param released true when a producer released it and it has not noticed yet
     */
    public record SubscriberInfo(String name, long pid, long position, boolean released) {
    }

    private final SharedRegion region;
    private final MappedMemory memory;
    private final BroadcastRingOptions options;
    private final int dataOffset;
    private final FutexSignal notEmpty;
    private final FutexSignal notFull;
    private final SubscriberRegistry registry;
    /** The watch of ring-level calls (statistics, subscribers), which any thread may make. */
    private final FileWatch ringWatch;

    private BroadcastRing(SharedRegion region, BroadcastRingOptions options) {
        this.region = region;
        this.ringWatch = new FileWatch(region);
        this.memory = region.memory();
        this.options = options;
        this.dataOffset = BroadcastRingDescriptor.dataOffset(options.producerSlots(), options.subscriberSlots());
        this.notEmpty = FanoutIdle.signal(memory, BroadcastRingDescriptor.NOT_EMPTY_OFFSET);
        this.notFull = FanoutIdle.signal(memory, BroadcastRingDescriptor.NOT_FULL_OFFSET);
        this.registry = new SubscriberRegistry(memory, region.path(), options, dataOffset);
    }

    /**
     * Creates a ring file, failing if one exists.
     *
     * @param path    the file (in /dev/shm or any file system that supports shared mappings)
     * @param options the ring's shape and the file's access
     * @return the ring, mapped
     * @throws IllegalArgumentException when the options do not fit together
     */
    public static BroadcastRing create(Path path, BroadcastRingOptions options) {
        Objects.requireNonNull(options, "options").validate();
        SharedRegion region = SharedRegion.create(path, FanoutFormats.BROADCAST, options.regionLength(),
                options.access(), memory -> initialise(memory, options));
        return new BroadcastRing(region, options);
    }

    /**
     * Opens an existing ring file; its shape is read from the file and validated.
     *
     * @param path the file
     * @return the ring, mapped
     * @throws io.ipcring.sync.SharedMemoryException when the file is missing or not a broadcast ring
     * @throws RingCorruptedException           when its configuration is impossible
     */
    public static BroadcastRing open(Path path) {
        SharedRegion region = SharedRegion.open(path, FanoutFormats.BROADCAST);
        try {
            return new BroadcastRing(region, readOptions(region));
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * Opens the ring, creating it when there is none.
     * An existing ring must have the same capacity, message length and slot counts; its liveness
     * timeout is the one it was created with.
     *
     * @param path    the file
     * @param options the shape (and access) used when creating, and the shape expected when opening
     * @return the ring, mapped
     * @throws IllegalArgumentException when an existing ring has another shape
     */
    public static BroadcastRing openOrCreate(Path path, BroadcastRingOptions options) {
        Objects.requireNonNull(options, "options").validate();
        SharedRegion region = SharedRegion.openOrCreate(path, FanoutFormats.BROADCAST, options.regionLength(),
                options.access(), memory -> initialise(memory, options));
        try {
            BroadcastRingOptions found = readOptions(region);
            if (!found.livenessTimeout(options.livenessTimeoutNanos(), TimeUnit.NANOSECONDS).equals(options)) {
                throw new IllegalArgumentException(path + ": existing broadcast ring has " + found + ", requested " + options);
            }
            return new BroadcastRing(region, found.waitStrategy(options.waitStrategy()));
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * Opens (or creates) a ring and a publisher on it; closing the publisher closes the ring.
     *
     * @param path    the file
     * @param options the shape, see {@link #openOrCreate}
     * @return the publisher
     */
    public static Publisher openPublisher(Path path, BroadcastRingOptions options) {
        BroadcastRing ring = openOrCreate(path, options);
        try {
            return new BroadcastPublisher(ring, true);
        } catch (RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    /**
     * Opens (or creates) a ring and attaches a subscriber; closing the subscriber detaches it and
     * closes the ring.
     *
     * @param path    the file
     * @param options the shape, see {@link #openOrCreate}
     * @param name    the subscriber's name, see {@link #subscribe}
     * @param start   where a new subscriber starts
     * @return the subscriber
     */
    public static Subscriber openSubscriber(Path path, BroadcastRingOptions options, String name, StartPosition start) {
        BroadcastRing ring = openOrCreate(path, options);
        try {
            return new BroadcastSubscriber(ring, name, start, true);
        } catch (RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    /**
     * Opens a publisher on this ring; it holds a producer slot until closed.
     *
     * @return the publisher, for one thread at a time
     * @throws RingSlotsTakenException when every producer slot is held by a running process
     */
    public Publisher publisher() {
        return ringWatch.attach(() -> new BroadcastPublisher(this, false));
    }

    /**
     * Attaches a subscriber by name. If a subscriber of that name is attached by a process that
     * died and was not released yet, this one takes its place and resumes at its position;
     * otherwise it starts at {@code start}.
     *
     * @param name  1 to {@value BroadcastRingDescriptor#NAME_MAX_BYTES} UTF-8 bytes, unique among
     *              attached subscribers
     * @param start where a new subscriber starts
     * @return the subscriber, for one thread at a time; close it to detach
     * @throws RingSlotsTakenException when the name is attached by a running process, or every slot is
     */
    public Subscriber subscribe(String name, StartPosition start) {
        return ringWatch.attach(() -> new BroadcastSubscriber(this, name, start, false));
    }

    /** @return the ring's shape, as stored in the file (with the default access: a file's mode is not part of its shape) */
    public BroadcastRingOptions options() {
        return options;
    }

    /** @return the ring's file */
    public Path path() {
        return region.path();
    }

    /** @return the subscriber slots in use, in slot order */
    public List<SubscriberInfo> subscribers() {
        try {
            try {
                return registry.snapshot();
            } catch (RuntimeException | InternalError e) {
                throw ringWatch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw ringWatch.translate(late);
        }
    }

    /**
     * @return a snapshot of the counters
     * @throws RingFileChangedException when another process truncated or replaced the file
     */
    public BroadcastRingStats stats() {
        ringWatch.check();
        try {
            try {
                // acquire: pairs with the release stores of the committers
                BroadcastRingStats stats = new BroadcastRingStats(memory.getLongAcquire(MESSAGES_OFFSET),
                        memory.getLongAcquire(BYTES_OFFSET),
                        memory.getLongAcquire(REPAIRS_OFFSET), memory.getLongVolatile(FULL_EVENTS_OFFSET),
                        memory.getLongVolatile(RELEASES_OFFSET));
                return stats;
            } catch (RuntimeException | InternalError e) {
                throw ringWatch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw ringWatch.translate(late);
        }
    }

    /** @return a new watch over the file, for one publisher or subscriber */
    FileWatch watch() {
        return new FileWatch(region);
    }

    /** Unmaps the file (which stays); no publisher or subscriber of this ring may be used afterwards. */
    @Override
    public void close() {
        region.close();
    }

    @Override
    public String toString() {
        return "BroadcastRing[" + region.path() + ", " + options + "]";
    }

    MappedMemory memory() {
        return memory;
    }

    int dataOffset() {
        return dataOffset;
    }

    FutexSignal notEmpty() {
        return notEmpty;
    }

    FutexSignal notFull() {
        return notFull;
    }

    SubscriberRegistry registry() {
        return registry;
    }

    String uri() {
        return "shm:" + region.path() + "?kind=broadcast";
    }

    /**
     * Validates a record header read from the ring.
     *
     * @param index            the record's index in the data region
     * @param length           its length field
     * @param type             its type field
     * @param capacity         the data capacity
     * @param maxMessageLength the largest payload
     * @return the record's bytes in the ring, or -1 when the header is impossible
     */
    static int recordBytes(int index, int length, int type, int capacity, int maxMessageLength) {
        long bytes;
        if (type == MessageFrame.PADDING_TYPE) {
            bytes = (long) MessageFrame.HEADER_LENGTH + length;
            if (length < 0 || (bytes & (BroadcastRingDescriptor.RECORD_ALIGNMENT - 1)) != 0) {
                return -1;
            }
        } else {
            if (type <= 0 || length < 0 || length > maxMessageLength) {
                return -1;
            }
            bytes = MessageFrame.alignedRecordLength(length);
        }
        return (long) index + bytes > capacity ? -1 : (int) bytes;
    }

    private static void initialise(MappedMemory memory, BroadcastRingOptions options) {
        memory.putInt(CAPACITY_OFFSET, options.capacity());
        memory.putInt(MAX_MESSAGE_LENGTH_OFFSET, options.maxMessageLength());
        memory.putInt(PRODUCER_SLOTS_OFFSET, options.producerSlots());
        memory.putInt(SUBSCRIBER_SLOTS_OFFSET, options.subscriberSlots());
        memory.putLong(LIVENESS_TIMEOUT_OFFSET, options.livenessTimeoutNanos());
        RobustMutex.initialize(memory, BroadcastRingDescriptor.ATTACH_LOCK_OFFSET);
        RobustMutex.initialize(memory, BroadcastRingDescriptor.REPAIR_LOCK_OFFSET);
        for (int i = 0; i < options.producerSlots(); i++) {
            memory.putLong(BroadcastRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET + i * ProducerSlotDescriptor.LENGTH
                    + ProducerSlotDescriptor.CLAIM_START_OFFSET, ProducerSlotDescriptor.NO_CLAIM_START);
        }
    }

    /**
     * Reads and validates the shape stored in a ring file (any mapping, read-only included).
     *
     * @param region the ring's region, of the right kind
     * @return the shape
     * @throws RingCorruptedException when it is impossible or does not match the file's length
     */
    static BroadcastRingOptions readOptions(SharedRegion region) {
        MappedMemory memory = region.memory();
        int capacity = memory.getInt(CAPACITY_OFFSET);
        int maxMessageLength = memory.getInt(MAX_MESSAGE_LENGTH_OFFSET);
        int producerSlots = memory.getInt(PRODUCER_SLOTS_OFFSET);
        int subscriberSlots = memory.getInt(SUBSCRIBER_SLOTS_OFFSET);
        long livenessNanos = memory.getLong(LIVENESS_TIMEOUT_OFFSET);
        BroadcastRingOptions options;
        try {
            options = BroadcastRingOptions.defaults().capacity(capacity).maxMessageLength(maxMessageLength)
                    .producerSlots(producerSlots).subscriberSlots(subscriberSlots)
                    .livenessTimeout(livenessNanos, TimeUnit.NANOSECONDS).validate();
        } catch (IllegalArgumentException e) {
            throw RingCorruption.corrupted(region.path(), "impossible configuration: " + e.getMessage());
        }
        if (options.regionLength() != region.length()) {
            throw RingCorruption.corrupted(region.path(), "configuration " + options + " needs a file of "
                    + options.regionLength() + " bytes, the file has " + region.length());
        }
        return options;
    }
}
