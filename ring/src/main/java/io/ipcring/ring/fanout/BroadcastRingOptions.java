package io.ipcring.ring.fanout;

import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.RegionAccess;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How to create or open a {@link BroadcastRing}, in the style of every ring family's options
 * ({@code UnicastRingOptions}, {@link WorkQueueRingOptions}). Immutable: each method that takes a
 * value returns a copy with it.
 *
 * <p>The shape ({@link #capacity}, {@link #maxMessageLength}, {@link #producerSlots},
 * {@link #subscriberSlots}, {@link #livenessTimeout}) is fixed when the file is created; an
 * existing ring opened with {@link BroadcastRing#openOrCreate} must have the same shape but its
 * own liveness timeout. Each value is range-checked when set; the values together (the largest
 * message against the capacity, the file's length) when a ring is created or opened.
 * {@link #access} concerns the file this process creates only, {@link #waitStrategy} this
 * process's blocking calls only. Two options are equal when they
 * describe the same shape.
 */
public final class BroadcastRingOptions {
    /** The capacity of {@link #defaults()}: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** The producer and subscriber slots of {@link #defaults()}. */
    public static final int DEFAULT_SLOTS = 16;
    /** The liveness timeout of {@link #defaults()}: 5 seconds. */
    public static final long DEFAULT_LIVENESS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final BroadcastRingOptions DEFAULTS = new BroadcastRingOptions(DEFAULT_CAPACITY, -1,
            DEFAULT_SLOTS, DEFAULT_SLOTS, DEFAULT_LIVENESS_TIMEOUT_NANOS, RegionAccess.OWNER, WaitStrategy.BLOCKING);

    private final int capacity;
    /** The largest payload, -1 for the largest the capacity allows. */
    private final int maxMessageLength;
    private final int producerSlots;
    private final int subscriberSlots;
    private final long livenessTimeoutNanos;
    private final RegionAccess access;
    private final WaitStrategy waitStrategy;

    private BroadcastRingOptions(int capacity, int maxMessageLength, int producerSlots, int subscriberSlots,
                                 long livenessTimeoutNanos, RegionAccess access, WaitStrategy waitStrategy) {
        this.capacity = capacity;
        this.maxMessageLength = maxMessageLength;
        this.producerSlots = producerSlots;
        this.subscriberSlots = subscriberSlots;
        this.livenessTimeoutNanos = livenessTimeoutNanos;
        this.access = access;
        this.waitStrategy = waitStrategy;
    }

    /**
     * @return a capacity of {@value #DEFAULT_CAPACITY} bytes, the largest message it allows,
     *         {@value #DEFAULT_SLOTS} producer and subscriber slots, a 5 s liveness timeout and
     *         owner-only access
     */
    public static BroadcastRingOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param bytes the data capacity: a power of two in
     *              [{@value RingGeometry#MIN_CAPACITY}, {@value RingGeometry#MAX_CAPACITY}]
     * @return a copy with that capacity
     */
    public BroadcastRingOptions capacity(int bytes) {
        FanoutOptionChecks.checkCapacity(bytes, RingGeometry.MIN_CAPACITY, RingGeometry.MAX_CAPACITY);
        return new BroadcastRingOptions(bytes, maxMessageLength, producerSlots, subscriberSlots, livenessTimeoutNanos,
                access, waitStrategy);
    }

    /**
     * @param bytes the largest payload, not negative; its record may take at most an eighth of
     *              the capacity (checked when the ring is created or opened). Unset, it is the
     *              largest the capacity allows.
     * @return a copy with that maximum
     */
    public BroadcastRingOptions maxMessageLength(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxMessageLength=" + bytes + " must not be negative");
        }
        return new BroadcastRingOptions(capacity, bytes, producerSlots, subscriberSlots, livenessTimeoutNanos,
                access, waitStrategy);
    }

    /**
     * @param count how many publishers may be open at once, in [1, {@value RingGeometry#MAX_SLOTS}]
     * @return a copy with that slot count
     */
    public BroadcastRingOptions producerSlots(int count) {
        FanoutOptionChecks.checkSlots("producerSlots", count, RingGeometry.MAX_SLOTS);
        return new BroadcastRingOptions(capacity, maxMessageLength, count, subscriberSlots, livenessTimeoutNanos,
                access, waitStrategy);
    }

    /**
     * @param count how many subscribers may be attached at once, in [1, {@value RingGeometry#MAX_SLOTS}]
     * @return a copy with that slot count
     */
    public BroadcastRingOptions subscriberSlots(int count) {
        FanoutOptionChecks.checkSlots("subscriberSlots", count, RingGeometry.MAX_SLOTS);
        return new BroadcastRingOptions(capacity, maxMessageLength, producerSlots, count, livenessTimeoutNanos,
                access, waitStrategy);
    }

    /**
     * @param timeout how long a subscriber may go without polling while it holds the producers
     *                back before it is released; positive
     * @param unit    its unit
     * @return a copy with that timeout
     */
    public BroadcastRingOptions livenessTimeout(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        long nanos = unit.toNanos(timeout);
        if (nanos <= 0) {
            throw new IllegalArgumentException("livenessTimeout=" + timeout + " " + unit + " must be positive");
        }
        return new BroadcastRingOptions(capacity, maxMessageLength, producerSlots, subscriberSlots, nanos, access,
                waitStrategy);
    }

    /**
     * @param value who may open the file this process creates
     * @return a copy with that access
     */
    public BroadcastRingOptions access(RegionAccess value) {
        return new BroadcastRingOptions(capacity, maxMessageLength, producerSlots, subscriberSlots, livenessTimeoutNanos,
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

    /** @return how many subscribers may be attached at once */
    public int subscriberSlots() {
        return subscriberSlots;
    }

    /** @return the liveness timeout in nanoseconds */
    public long livenessTimeoutNanos() {
        return livenessTimeoutNanos;
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
    public BroadcastRingOptions waitStrategy(WaitStrategy value) {
        return new BroadcastRingOptions(capacity, maxMessageLength, producerSlots, subscriberSlots, livenessTimeoutNanos,
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
    BroadcastRingOptions validate() {
        FanoutOptionChecks.checkMaxMessageLength(maxMessageLength(), largestMessageFor(capacity), capacity);
        FanoutOptionChecks.checkLength(capacity, regionLength());
        return this;
    }

    /** @return the length of the ring's file */
    long regionLength() {
        return BroadcastRingDescriptor.regionLength(producerSlots, subscriberSlots, capacity);
    }

    private static int largestMessageFor(int capacity) {
        return capacity / 8 - BroadcastRingDescriptor.RECORD_HEADER_LENGTH;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BroadcastRingOptions && ((BroadcastRingOptions) o).capacity == capacity
                && ((BroadcastRingOptions) o).maxMessageLength() == maxMessageLength()
                && ((BroadcastRingOptions) o).producerSlots == producerSlots
                && ((BroadcastRingOptions) o).subscriberSlots == subscriberSlots
                && ((BroadcastRingOptions) o).livenessTimeoutNanos == livenessTimeoutNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(capacity, maxMessageLength(), producerSlots, subscriberSlots, livenessTimeoutNanos);
    }

    @Override
    public String toString() {
        return "BroadcastRingOptions[capacity=" + capacity + ", maxMessageLength=" + maxMessageLength()
                + ", producerSlots=" + producerSlots + ", subscriberSlots=" + subscriberSlots
                + ", livenessTimeoutNanos=" + livenessTimeoutNanos + ", access=" + access
                + ", waitStrategy=" + waitStrategy + "]";
    }
}
