package io.ipcring.ring.fanout;

import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.RegionAccess;
import java.util.Objects;

/**
 * How to create or open a {@link WorkQueueRing}, in the style of every ring family's options
 * ({@code UnicastRingOptions}, {@link BroadcastRingOptions}). Immutable: each method that takes
 * a value returns a copy with it.
 *
 * <p>The shape ({@link #capacity}, {@link #maxMessageLength}, {@link #producerSlots},
 * {@link #consumerSlots}, {@link #maxMessages}) is fixed when the file is created; an existing
 * ring opened with {@link WorkQueueRing#openOrCreate} must have the same shape. Each value is
 * range-checked when set; the values together (the largest message against the capacity, the
 * file's length) when a ring is created or opened. {@link #access} concerns the file this
 * process creates only. Two options are equal when they describe the same shape.
 */
public final class WorkQueueRingOptions {
    /** The capacity of {@link #defaults()}: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** The producer and consumer slots of {@link #defaults()}. */
    public static final int DEFAULT_SLOTS = 16;

    private static final WorkQueueRingOptions DEFAULTS = new WorkQueueRingOptions(DEFAULT_CAPACITY, -1,
            DEFAULT_SLOTS, DEFAULT_SLOTS, 0, RegionAccess.OWNER, WaitStrategy.BLOCKING);

    private final int capacity;
    /** The largest payload, -1 for the largest the capacity allows. */
    private final int maxMessageLength;
    private final int producerSlots;
    private final int consumerSlots;
    private final long maxMessages;
    private final RegionAccess access;
    private final WaitStrategy waitStrategy;

    private WorkQueueRingOptions(int capacity, int maxMessageLength, int producerSlots, int consumerSlots,
                                 long maxMessages, RegionAccess access, WaitStrategy waitStrategy) {
        this.capacity = capacity;
        this.maxMessageLength = maxMessageLength;
        this.producerSlots = producerSlots;
        this.consumerSlots = consumerSlots;
        this.maxMessages = maxMessages;
        this.access = access;
        this.waitStrategy = waitStrategy;
    }

    /**
     * @return a capacity of {@value #DEFAULT_CAPACITY} bytes, the largest message it allows,
     *         {@value #DEFAULT_SLOTS} producer and consumer slots, no message bound and owner-only
     *         access
     */
    public static WorkQueueRingOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Options for a queue of at most {@code maxMessages} messages of up to
     * {@code maxMessageLength} bytes: the capacity is the smallest power of two that holds them
     * all (plus room for the padding at the wrap), and at least eight records.
     *
     * @param maxMessages      the most messages, positive
     * @param maxMessageLength the largest payload, non-negative
     * @return the options, with the other values of {@link #defaults()}
     */
    public static WorkQueueRingOptions forMessages(int maxMessages, int maxMessageLength) {
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages=" + maxMessages + " must be positive");
        }
        if (maxMessageLength < 0 || maxMessageLength > RingGeometry.MAX_CAPACITY / 8) {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " must be in [0, "
                    + RingGeometry.MAX_CAPACITY / 8 + "]");
        }
        int recordLength = WorkQueueRingDescriptor.recordLength(maxMessageLength);
        // in long: maxMessages + 2 overflows an int for maxMessages near Integer.MAX_VALUE
        long needed = Math.max(8L, maxMessages + 2L) * recordLength;
        if (needed > RingGeometry.MAX_CAPACITY) {
            throw new IllegalArgumentException("maxMessages=" + maxMessages + " of maxMessageLength=" + maxMessageLength
                    + " need " + needed + " bytes of ring, more than " + RingGeometry.MAX_CAPACITY
                    + "; the most messages of that length a ring holds is " + maxMessagesFor(maxMessageLength));
        }
        int capacity = Math.max(RingGeometry.MIN_CAPACITY, Integer.highestOneBit((int) needed - 1) << 1);
        return new WorkQueueRingOptions(capacity, maxMessageLength, DEFAULT_SLOTS, DEFAULT_SLOTS, maxMessages,
                RegionAccess.OWNER, WaitStrategy.BLOCKING);
    }

    /**
     * @param maxMessageLength the largest payload, in [0, {@value RingGeometry#MAX_CAPACITY} / 8]
     * @return the largest {@code maxMessages} that {@link #forMessages} accepts with it
     */
    public static int maxMessagesFor(int maxMessageLength) {
        int records = RingGeometry.MAX_CAPACITY / WorkQueueRingDescriptor.recordLength(maxMessageLength);
        return records < 8 ? 0 : records - 2;
    }

    /**
     * @param bytes the data capacity: a power of two in
     *              [{@value RingGeometry#MIN_CAPACITY}, {@value RingGeometry#MAX_CAPACITY}]
     * @return a copy with that capacity
     */
    public WorkQueueRingOptions capacity(int bytes) {
        FanoutOptionChecks.checkCapacity(bytes, RingGeometry.MIN_CAPACITY, RingGeometry.MAX_CAPACITY);
        return new WorkQueueRingOptions(bytes, maxMessageLength, producerSlots, consumerSlots, maxMessages,
                access, waitStrategy);
    }

    /**
     * @param bytes the largest payload, not negative; its record may take at most an eighth of
     *              the capacity (checked when the ring is created or opened). Unset, it is the
     *              largest the capacity allows.
     * @return a copy with that maximum
     */
    public WorkQueueRingOptions maxMessageLength(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxMessageLength=" + bytes + " must not be negative");
        }
        return new WorkQueueRingOptions(capacity, bytes, producerSlots, consumerSlots, maxMessages,
                access, waitStrategy);
    }

    /**
     * @param count how many publishers may be open at once, in [1, {@value RingGeometry#MAX_SLOTS}]
     * @return a copy with that slot count
     */
    public WorkQueueRingOptions producerSlots(int count) {
        FanoutOptionChecks.checkSlots("producerSlots", count, RingGeometry.MAX_SLOTS);
        return new WorkQueueRingOptions(capacity, maxMessageLength, count, consumerSlots, maxMessages,
                access, waitStrategy);
    }

    /**
     * @param count how many consumers may be open at once, in [1, {@value RingGeometry#MAX_SLOTS}]
     * @return a copy with that slot count
     */
    public WorkQueueRingOptions consumerSlots(int count) {
        FanoutOptionChecks.checkSlots("consumerSlots", count, RingGeometry.MAX_SLOTS);
        return new WorkQueueRingOptions(capacity, maxMessageLength, producerSlots, count, maxMessages,
                access, waitStrategy);
    }

    /**
     * @param count the most messages the queue holds, 0 for "as many as fit"
     * @return a copy with that bound
     */
    public WorkQueueRingOptions maxMessages(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("maxMessages=" + count + " must be >= 0 (0 = no bound)");
        }
        return new WorkQueueRingOptions(capacity, maxMessageLength, producerSlots, consumerSlots, count, access,
                waitStrategy);
    }

    /**
     * @param value who may open the file this process creates
     * @return a copy with that access
     */
    public WorkQueueRingOptions access(RegionAccess value) {
        return new WorkQueueRingOptions(capacity, maxMessageLength, producerSlots, consumerSlots, maxMessages,
                Objects.requireNonNull(value, "access"), waitStrategy);
    }

    /** @return the data capacity in bytes */
    public int capacity() {
        return capacity;
    }

    /** @return the largest payload: the one set, or the largest the capacity allows */
    public int maxMessageLength() {
        return maxMessageLength >= 0 ? maxMessageLength : largestMessageFor(capacity);
    }

    /** @return how many publishers may be open at once */
    public int producerSlots() {
        return producerSlots;
    }

    /** @return how many consumers may be open at once */
    public int consumerSlots() {
        return consumerSlots;
    }

    /** @return the most messages the queue holds, 0 for "as many as fit" */
    public long maxMessages() {
        return maxMessages;
    }

    /** @return the access of a file this process creates */
    public RegionAccess access() {
        return access;
    }

    /**
     * @param value how this process's blocking calls on the ring wait: {@link WaitStrategy#BLOCKING}
     *              (the default) spins as long as a wake-up costs ({@link io.ipcring.sync.SpinBudget}),
     *              then sleeps on the ring's futex signal; the others never sleep on it
     * @return a copy with that strategy
     */
    public WorkQueueRingOptions waitStrategy(WaitStrategy value) {
        return new WorkQueueRingOptions(capacity, maxMessageLength, producerSlots, consumerSlots, maxMessages,
                access, Objects.requireNonNull(value, "waitStrategy"));
    }

    /** @return how this process's blocking calls on the ring wait */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /**
     * Checks the values together.
     *
     * @return these options
     * @throws IllegalArgumentException when the largest message does not fit the capacity, or the
     *                                  file would exceed {@link io.ipcring.sync.SharedRegion#MAX_LENGTH}
     */
    WorkQueueRingOptions validate() {
        FanoutOptionChecks.checkMaxMessageLength(maxMessageLength(), largestMessageFor(capacity), capacity);
        FanoutOptionChecks.checkLength(capacity, regionLength());
        return this;
    }

    /** @return the length of the ring's file */
    long regionLength() {
        return WorkQueueRingDescriptor.regionLength(producerSlots, consumerSlots, capacity);
    }

    private static int largestMessageFor(int capacity) {
        return capacity / 8 - WorkQueueRingDescriptor.RECORD_HEADER_LENGTH;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkQueueRingOptions && ((WorkQueueRingOptions) o).capacity == capacity
                && ((WorkQueueRingOptions) o).maxMessageLength() == maxMessageLength()
                && ((WorkQueueRingOptions) o).producerSlots == producerSlots
                && ((WorkQueueRingOptions) o).consumerSlots == consumerSlots
                && ((WorkQueueRingOptions) o).maxMessages == maxMessages;
    }

    @Override
    public int hashCode() {
        return Objects.hash(capacity, maxMessageLength(), producerSlots, consumerSlots, maxMessages);
    }

    @Override
    public String toString() {
        return "WorkQueueRingOptions[capacity=" + capacity + ", maxMessageLength=" + maxMessageLength()
                + ", producerSlots=" + producerSlots + ", consumerSlots=" + consumerSlots + ", maxMessages="
                + maxMessages + ", access=" + access + ", waitStrategy=" + waitStrategy + "]";
    }
}
