package io.ipcring.ring.unicast;

import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.RegionAccess;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How to create or attach to a one-to-one ({@link SpscRing}) or many-to-one ({@link MpscRing}) ring;
 * the fan-out rings have {@code BroadcastRingOptions} and {@code WorkQueueRingOptions} in the same
 * style. Immutable: each method that takes a value returns a copy with it.
 *
 * <p>Geometry ({@link #capacity}, {@link #maxMessageLength}, {@link #producerSlots},
 * {@link #stuckClaimTimeout}) is fixed when the file is created. A value left unspecified takes
 * the file's value when attaching to an existing ring, or the default when creating one; a value
 * specified must match an existing file, or the open fails naming both values.
 * {@link #waitStrategy} and {@link #access} concern this process only.
 */
public final class UnicastRingOptions {
    /** The capacity used when creating a ring with none specified: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** The producer slots of an MPSC ring created with none specified. */
    public static final int DEFAULT_PRODUCER_SLOTS = 16;

    private static final UnicastRingOptions DEFAULTS =
            new UnicastRingOptions(0, -1, 0, -1, RegionAccess.OWNER, WaitStrategy.BLOCKING);

    private final int capacity;
    private final int maxMessageLength;
    private final int producerSlots;
    private final long stuckClaimTimeoutNanos;
    private final RegionAccess access;
    private final WaitStrategy waitStrategy;

    private UnicastRingOptions(int capacity, int maxMessageLength, int producerSlots, long stuckClaimTimeoutNanos,
                        RegionAccess access, WaitStrategy waitStrategy) {
        this.capacity = capacity;
        this.maxMessageLength = maxMessageLength;
        this.producerSlots = producerSlots;
        this.stuckClaimTimeoutNanos = stuckClaimTimeoutNanos;
        this.access = access;
        this.waitStrategy = waitStrategy;
    }

    /** @return options with nothing specified, owner-only access and {@link WaitStrategy#BLOCKING} */
    public static UnicastRingOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param bytes the data capacity: a power of two in
     *              [{@link RingGeometry#MIN_CAPACITY}, {@link RingGeometry#MAX_CAPACITY}]
     * @return a copy with that capacity
     */
    public UnicastRingOptions capacity(int bytes) {
        RingLayout.checkCapacity(bytes);
        return new UnicastRingOptions(bytes, maxMessageLength, producerSlots, stuckClaimTimeoutNanos, access, waitStrategy);
    }

    /**
     * @param bytes the largest payload, from 0 to capacity / {@link RingDescriptor#MAX_MESSAGE_FRACTION}
     *              (checked against the capacity when the ring is created or opened)
     * @return a copy with that maximum
     */
    public UnicastRingOptions maxMessageLength(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxMessageLength=" + bytes + " must not be negative");
        }
        return new UnicastRingOptions(capacity, bytes, producerSlots, stuckClaimTimeoutNanos, access, waitStrategy);
    }

    /**
     * @param count how many producers may be attached to an MPSC ring at once, from 1 to
     *              {@link RingGeometry#MAX_SLOTS}; ignored by SPSC rings
     * @return a copy with that slot count
     */
    public UnicastRingOptions producerSlots(int count) {
        if (count < 1 || count > RingGeometry.MAX_SLOTS) {
            throw new IllegalArgumentException("producerSlots=" + count + " must be in [1, "
                    + RingGeometry.MAX_SLOTS + "]");
        }
        return new UnicastRingOptions(capacity, maxMessageLength, count, stuckClaimTimeoutNanos, access, waitStrategy);
    }

    /**
     * Opt-in repair of MPSC claims whose owner is alive but has not committed for this long (a
     * claim of a dead owner is always repaired, timeout or not). Dangerous: the slow producer is
     * still running and may write its payload later into space the ring has since reused, so
     * another producer's message can be overwritten before it is read. Its commit then throws
     * {@link ClaimRepairedException}. Choose a timeout far longer than any pause a live producer
     * can take between claim and commit (GC, descheduling, page faults), or leave it off (0).
     * Enabling it also makes every commit a compare-and-set instead of a store.
     *
     * @param timeout the time, 0 to disable
     * @param unit    its unit
     * @return a copy with that timeout
     */
    public UnicastRingOptions stuckClaimTimeout(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (timeout < 0) {
            throw new IllegalArgumentException("stuckClaimTimeout=" + timeout + " must not be negative");
        }
        return new UnicastRingOptions(capacity, maxMessageLength, producerSlots, unit.toNanos(timeout), access, waitStrategy);
    }

    /**
     * @param value who may open the file this process creates
     * @return a copy with that access
     */
    public UnicastRingOptions access(RegionAccess value) {
        return new UnicastRingOptions(capacity, maxMessageLength, producerSlots, stuckClaimTimeoutNanos,
                Objects.requireNonNull(value, "access"), waitStrategy);
    }

    /**
     * @param value how this process's blocking calls wait
     * @return a copy with that strategy
     */
    public UnicastRingOptions waitStrategy(WaitStrategy value) {
        return new UnicastRingOptions(capacity, maxMessageLength, producerSlots, stuckClaimTimeoutNanos, access,
                Objects.requireNonNull(value, "waitStrategy"));
    }

    /** @return the capacity, 0 when unspecified */
    public int capacity() {
        return capacity;
    }

    /** @return the max message length, -1 when unspecified */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** @return the producer slot count, 0 when unspecified */
    public int producerSlots() {
        return producerSlots;
    }

    /** @return the stuck-claim timeout in nanoseconds, 0 when disabled, -1 when unspecified */
    public long stuckClaimTimeoutNanos() {
        return stuckClaimTimeoutNanos;
    }

    /** @return the access of files this process creates */
    public RegionAccess access() {
        return access;
    }

    /** @return how blocking calls wait */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    @Override
    public String toString() {
        return "UnicastRingOptions[capacity=" + capacity + ", maxMessageLength=" + maxMessageLength + ", producerSlots="
                + producerSlots + ", stuckClaimTimeoutNanos=" + stuckClaimTimeoutNanos + ", access=" + access
                + ", waitStrategy=" + waitStrategy + "]";
    }
}
