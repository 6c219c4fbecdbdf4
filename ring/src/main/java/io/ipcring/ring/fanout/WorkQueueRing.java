package io.ipcring.ring.fanout;

import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.BYTES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CAPACITY_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CONSUMER_SLOTS_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.FULL_EVENTS_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.HANDLER_FAILURES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.MAX_MESSAGES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.MAX_MESSAGE_LENGTH_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.MESSAGES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.PRODUCER_SLOTS_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.REDELIVERIES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.REPAIRS_OFFSET;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RobustMutex;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A work queue in a shared file: many producers and many consumers, in any processes; each
 * message is handed to exactly one consumer at a time, and a message whose consumer dies is
 * handed to another.
 *
 * <h2>Algorithm</h2>
 * Producers claim, write and commit in claim order ({@link OrderedPublication}); each record
 * carries a state word ({@link WorkQueueRingDescriptor}) that the producer writes as "unclaimed"
 * (the record's own position). A consumer owns a slot (process identity, generation); it scans
 * from the dispatch hint for an unclaimed record and takes it by compare-and-set of the state word
 * from its position to the consumer's claim (slot and generation), hands the payload to the
 * handler in place, then stores "done" (position | 1, release). The reclaim position advances over
 * done records (compare-and-set, by whichever consumer or producer gets there); producers never
 * write beyond reclaim + capacity. Because the unclaimed and done values are the record's own
 * position, a consumer that looks at a record after it was recycled sees a value for another
 * position and its compare-and-set fails; every other read of a record not owned is validated by
 * re-reading the reclaim position ({@link WorkQueueRecords}). A waiting message can also be
 * removed without delivery ({@link RingQueue#remove(Object)}): a compare-and-set of its state word
 * from its position straight to "done", which races the consumers' claim of the same word.
 *
 * <h2>A consumer that dies</h2>
 * Every 50 ms a polling (or waiting) consumer walks the records not yet reclaimed; a record
 * claimed by a slot whose generation changed or whose owner process is dead
 * ({@link io.ipcring.sync.ProcessIdentity#isAlive(long)}) is taken over by compare-and-set from the dead claim to its own
 * and delivered again (counted as a redelivery). Only the claimer or, once it is dead, one
 * adopter can change a claimed state word, so no message is handed to two live handlers at once
 * and none is lost.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>A message whose handler returns normally is marked done and never delivered again:
 *       exactly once to successful handlers.</li>
 *   <li>A message whose consumer process dies before it is marked done (the handler was running,
 *       or had just returned) is delivered again to another consumer: at least once for it.</li>
 *   <li>A message whose handler throws is given back (unclaimed again, counted as a handler
 *       failure) and delivered again, possibly to the same consumer; the exception propagates.</li>
 *   <li>Messages are handed out roughly in commit order (the oldest unclaimed first); with several
 *       consumers, completion order is not defined.</li>
 *   <li>A live consumer that never finishes a message holds it (and the ring space behind it)
 *       forever: the ring fills behind it.</li>
 * </ul>
 * With {@link WorkQueueRingOptions#maxMessages()} set, the number of messages in the queue (committed and not
 * yet reclaimed) never exceeds it: the bound is checked in the commit turn, where no other
 * producer commits.
 *
 * <p>This object (the mapping) is thread-safe; its publishers and consumers are each for one
 * thread at a time. Close them before the ring.
 */
public final class WorkQueueRing implements AutoCloseable {
    private final SharedRegion region;
    private final MappedMemory memory;
    private final WorkQueueRingOptions options;
    private final int dataOffset;
    private final FutexSignal notEmpty;
    private final FutexSignal notFull;
    private final WorkQueueRecords records;
    /** How long a close waits for the calls of other threads once the file is truncated: ten housekeeping slices. */
    static final long TRUNCATED_CLOSE_GRACE_NANOS = 10 * FanoutIdle.HOUSEKEEPING_SLICE_NANOS;
    /** The watch of ring-level calls (statistics, size), which any thread may make. */
    private final FileWatch ringWatch;

    private WorkQueueRing(SharedRegion region, WorkQueueRingOptions options) {
        this.region = region;
        this.ringWatch = new FileWatch(region);
        this.memory = region.memory();
        this.options = options;
        this.dataOffset = WorkQueueRingDescriptor.dataOffset(options.producerSlots(), options.consumerSlots());
        this.notEmpty = FanoutIdle.signal(memory, WorkQueueRingDescriptor.NOT_EMPTY_OFFSET);
        this.notFull = FanoutIdle.signal(memory, WorkQueueRingDescriptor.NOT_FULL_OFFSET);
        this.records = new WorkQueueRecords(memory, region.path(), options, dataOffset);
    }

    /**
     * Creates a ring file, failing if one exists.
     *
     * @param path    the file
     * @param options the ring's shape and the file's access
     * @return the ring, mapped
     * @throws IllegalArgumentException when the options do not fit together
     */
    public static WorkQueueRing create(Path path, WorkQueueRingOptions options) {
        Objects.requireNonNull(options, "options").validate();
        SharedRegion region = SharedRegion.create(path, FanoutFormats.WORK_QUEUE, options.regionLength(),
                options.access(), memory -> initialise(memory, options));
        return new WorkQueueRing(region, options);
    }

    /**
     * Opens an existing ring file; its shape is read from the file and validated.
     *
     * @param path the file
     * @return the ring, mapped
     * @throws io.ipcring.sync.SharedMemoryException when the file is missing or not a work-queue ring
     * @throws RingCorruptedException           when its configuration is impossible
     */
    public static WorkQueueRing open(Path path) {
        SharedRegion region = SharedRegion.open(path, FanoutFormats.WORK_QUEUE);
        try {
            return new WorkQueueRing(region, readOptions(region));
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * Opens the ring, creating it when there is none.
     *
     * @param path    the file
     * @param options the shape used when creating; an existing ring must have the same
     * @return the ring, mapped
     * @throws IllegalArgumentException when an existing ring has another shape
     */
    public static WorkQueueRing openOrCreate(Path path, WorkQueueRingOptions options) {
        WorkQueueRing ring = openOrCreateAsFound(path, options);
        if (!ring.options.equals(options)) {
            ring.close();
            throw new IllegalArgumentException(path + ": existing work-queue ring has " + ring.options + ", requested "
                    + options);
        }
        return ring;
    }

    /**
     * Opens the ring, creating it with {@code options} when there is none; an existing ring keeps
     * its own shape, which the caller compares ({@link RingQueue} names its own parameters).
     *
     * @param path    the file
     * @param options the shape used when creating
     * @return the ring, mapped, with the shape stored in the file and the options' wait strategy
     */
    static WorkQueueRing openOrCreateAsFound(Path path, WorkQueueRingOptions options) {
        Objects.requireNonNull(options, "options").validate();
        SharedRegion region = openOrCreateRegion(path, options);
        try {
            return new WorkQueueRing(region, readOptions(region).waitStrategy(options.waitStrategy()));
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * Opens the file whatever its length (its shape, read next, says what the length must be), or
     * creates it; a file another process creates meanwhile is opened.
     */
    private static SharedRegion openOrCreateRegion(Path path, WorkQueueRingOptions options) {
        for (int attempt = 0; ; attempt++) {
            try {
                return SharedRegion.open(path, FanoutFormats.WORK_QUEUE);
            } catch (SharedMemoryException e) {
                if (e.reason() != SharedMemoryException.Reason.MISSING) {
                    throw e;
                }
            }
            try {
                return SharedRegion.create(path, FanoutFormats.WORK_QUEUE, options.regionLength(), options.access(),
                        memory -> initialise(memory, options));
            } catch (SharedMemoryException e) {
                if (e.reason() != SharedMemoryException.Reason.ALREADY_EXISTS || attempt > 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Opens (or creates) a ring and a publisher on it; closing the publisher closes the ring.
     *
     * @param path    the file
     * @param options the shape, see {@link #openOrCreate}
     * @return the publisher
     */
    public static Publisher openPublisher(Path path, WorkQueueRingOptions options) {
        WorkQueueRing ring = openOrCreate(path, options);
        try {
            return new WorkQueuePublisher(ring, true, true);
        } catch (RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    /**
     * Opens (or creates) a ring and a consumer on it; closing the consumer closes the ring.
     *
     * @param path    the file
     * @param options the shape, see {@link #openOrCreate}
     * @return the consumer
     */
    public static Subscriber openConsumer(Path path, WorkQueueRingOptions options) {
        WorkQueueRing ring = openOrCreate(path, options);
        try {
            return new WorkQueueConsumer(ring, true, true);
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
        return ringWatch.attach(() -> new WorkQueuePublisher(this, false, true));
    }

    /** @return a publisher for a {@link RingQueue}, which serializes its calls and its close itself */
    WorkQueuePublisher queuePublisher() {
        return ringWatch.attach(() -> new WorkQueuePublisher(this, false, false));
    }

    /**
     * Opens a consumer on this ring; it holds a consumer slot until closed.
     *
     * @return the consumer, for one thread at a time
     * @throws RingSlotsTakenException when every consumer slot is held by a running process
     */
    public Subscriber consumer() {
        return ringWatch.attach(() -> new WorkQueueConsumer(this, false, true));
    }

    /** @return a consumer for a {@link RingQueue}, which serializes its calls and its close itself */
    WorkQueueConsumer queueConsumer() {
        return ringWatch.attach(() -> new WorkQueueConsumer(this, false, false));
    }

    /** @return the ring's shape, as stored in the file (with the default access: a file's mode is not part of its shape) */
    public WorkQueueRingOptions options() {
        return options;
    }

    /** @return the ring's file */
    public Path path() {
        return region.path();
    }

    /**
     * @return the messages in the queue: committed and not yet reclaimed (waiting, being handled,
     *         or done behind one still being handled); exact when nothing changes meanwhile
     */
    public long size() {
        ringWatch.tick();
        try {
            try {
                return records.size();
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
    public WorkQueueRingStats stats() {
        ringWatch.check();
        try {
            try {
                // acquire: pairs with the release stores of the committers
                WorkQueueRingStats stats = new WorkQueueRingStats(memory.getLongAcquire(MESSAGES_OFFSET),
                        memory.getLongAcquire(BYTES_OFFSET),
                        memory.getLongAcquire(REPAIRS_OFFSET), memory.getLongVolatile(FULL_EVENTS_OFFSET),
                        memory.getLongVolatile(REDELIVERIES_OFFSET), memory.getLongVolatile(HANDLER_FAILURES_OFFSET));
                return stats;
            } catch (RuntimeException | InternalError e) {
                throw ringWatch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw ringWatch.translate(late);
        }
    }

    /**
     * Looks at the file now (an {@code fstat} and a {@code stat}): for the end of a cold
     * operation that read the ring without using the result to write it, where an access to a
     * truncated page would otherwise return what the load never got and leave the JVM's fault
     * report to surface in the caller.
     *
     * @throws RingFileChangedException when another process truncated or replaced the file
     */
    void checkFile() {
        ringWatch.check();
    }

    /**
     * What a ring-level operation that threw should throw (see {@link FileWatch#translate}).
     *
     * @param thrown what it threw
     * @return {@link RingFileChangedException} when the file was truncated, else {@code thrown}
     */
    RuntimeException translate(Throwable thrown) {
        return ringWatch.translate(thrown);
    }

    /**
     * Whether a close that began at {@code since} should go on waiting for the calls still
     * counted as running: not past {@link #TRUNCATED_CLOSE_GRACE_NANOS} once the file is
     * truncated. The JVM reports a fault of compiled code late, as an asynchronous
     * {@link InternalError} that may strike anywhere, even between a call's count and its
     * uncount; a call really running notices the close within a housekeeping slice. An
     * {@code fstat}: for close only.
     *
     * @param since when the close began ({@link System#nanoTime()})
     * @return false when the file is truncated and the grace period is over
     */
    boolean worthWaitingForCallers(long since) {
        return System.nanoTime() - since < TRUNCATED_CLOSE_GRACE_NANOS || region.isIntact();
    }

    /** @return a new watch over the file, for one publisher or consumer */
    FileWatch watch() {
        return new FileWatch(region);
    }

    /**
     * Takes a waiting message out of the queue without delivering it, unless a consumer claimed it
     * first: one compare-and-set of its state word from "unclaimed" to "done", which races the
     * consumers' claim on the same word, so exactly one of them wins. A message being handled,
     * handled, or already removed is left alone. Its room in the ring is reclaimed once every
     * record before it is done.
     *
     * @param position a position handed out by {@link WorkQueueRecords#forEachWaiting}
     * @return true when this call removed the message
     */
    boolean remove(long position) {
        if (position < 0 || (position & (WorkQueueRingDescriptor.RECORD_ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("position=" + position + " is not a record position");
        }
        if (position < records.reclaim()) {
            return false; // done and reclaimed: the bytes there may belong to a later record now
        }
        int at = records.offsetOf(position);
        // CAS: pairs with the consumers' claim compare-and-set from the same value (the record's
        // own position, "unclaimed"): only one moves it; release for the reclaimers' acquire read
        if (!memory.compareAndSetLong(at + WorkQueueRingDescriptor.STATE_OFFSET, position,
                position | WorkQueueRingDescriptor.DONE_BIT)) {
            return false;
        }
        records.advanceReclaim();
        notFull.signal();
        return true;
    }

    /** Unmaps the file (which stays); no publisher or consumer of this ring may be used afterwards. */
    @Override
    public void close() {
        region.close();
    }

    @Override
    public String toString() {
        return "WorkQueueRing[" + region.path() + ", " + options + "]";
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

    WorkQueueRecords records() {
        return records;
    }

    String uri() {
        return "shm:" + region.path() + "?kind=workqueue";
    }

    private static void initialise(MappedMemory memory, WorkQueueRingOptions options) {
        memory.putInt(CAPACITY_OFFSET, options.capacity());
        memory.putInt(MAX_MESSAGE_LENGTH_OFFSET, options.maxMessageLength());
        memory.putInt(PRODUCER_SLOTS_OFFSET, options.producerSlots());
        memory.putInt(CONSUMER_SLOTS_OFFSET, options.consumerSlots());
        memory.putLong(MAX_MESSAGES_OFFSET, options.maxMessages());
        RobustMutex.initialize(memory, WorkQueueRingDescriptor.REPAIR_LOCK_OFFSET);
        for (int i = 0; i < options.producerSlots(); i++) {
            memory.putLong(WorkQueueRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET + i * ProducerSlotDescriptor.LENGTH
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
    static WorkQueueRingOptions readOptions(SharedRegion region) {
        MappedMemory memory = region.memory();
        WorkQueueRingOptions options;
        try {
            options = WorkQueueRingOptions.defaults().capacity(memory.getInt(CAPACITY_OFFSET))
                    .maxMessageLength(memory.getInt(MAX_MESSAGE_LENGTH_OFFSET))
                    .producerSlots(memory.getInt(PRODUCER_SLOTS_OFFSET)).consumerSlots(memory.getInt(CONSUMER_SLOTS_OFFSET))
                    .maxMessages(memory.getLong(MAX_MESSAGES_OFFSET)).validate();
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
