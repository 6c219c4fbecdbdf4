package io.ipcring.ring.unicast;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.MappedMemory;

/**
 * The validated geometry of one ring file: what {@link RingDescriptor}'s header fields hold, read
 * once when a ring is created or opened and never re-read, so a later corruption of the header
 * cannot change the bounds every access is checked against.
 */
final class RingLayout {
    private final int kind;
    private final int capacity;
    private final int maxMessageLength;
    private final int producerSlots;
    private final int dataOffset;
    private final long stuckClaimTimeoutNanos;

    private RingLayout(int kind, int capacity, int maxMessageLength, int producerSlots, long stuckClaimTimeoutNanos) {
        this.kind = kind;
        this.capacity = capacity;
        this.maxMessageLength = maxMessageLength;
        this.producerSlots = producerSlots;
        this.dataOffset = RingDescriptor.dataOffset(producerSlots, 0);
        this.stuckClaimTimeoutNanos = stuckClaimTimeoutNanos;
    }

    /**
     * The layout of a new ring: what the options specify, defaults for the rest.
     *
     * @param kind    {@link RingDescriptor#SPSC_KIND} or {@link RingDescriptor#MPSC_KIND}
     * @param options the caller's options
     * @return the layout
     * @throws IllegalArgumentException when the options contradict each other
     */
    static RingLayout forCreate(int kind, UnicastRingOptions options) {
        int capacity = options.capacity() != 0 ? options.capacity() : UnicastRingOptions.DEFAULT_CAPACITY;
        int limit = capacity / RingDescriptor.MAX_MESSAGE_FRACTION;
        int max = options.maxMessageLength() >= 0 ? options.maxMessageLength() : limit;
        if (max > limit) {
            throw new IllegalArgumentException("maxMessageLength=" + max + " exceeds capacity/"
                    + RingDescriptor.MAX_MESSAGE_FRACTION + "=" + limit + " (capacity=" + capacity + ")");
        }
        boolean mpsc = kind == RingDescriptor.MPSC_KIND;
        int slots = !mpsc ? 0 : options.producerSlots() != 0 ? options.producerSlots() : UnicastRingOptions.DEFAULT_PRODUCER_SLOTS;
        long timeout = mpsc ? Math.max(0, options.stuckClaimTimeoutNanos()) : 0;
        return new RingLayout(kind, capacity, max, slots, timeout);
    }

    /**
     * Reads and validates the layout of an existing ring.
     *
     * @param memory     the mapping, whose region header was validated
     * @param kind       the kind the region header holds
     * @param name       the file, for messages
     * @return the layout
     * @throws RingCorruptedException naming the first field that is out of range or inconsistent
     */
    static RingLayout read(MappedMemory memory, int kind, String name) {
        int capacity = memory.getInt(RingDescriptor.CAPACITY_OFFSET);
        if (capacity < RingGeometry.MIN_CAPACITY || capacity > RingGeometry.MAX_CAPACITY
                || Integer.bitCount(capacity) != 1) {
            throw RingCorruption.corrupted(name, "capacity=" + capacity + " is not a power of two in [" + RingGeometry.MIN_CAPACITY
                    + ", " + RingGeometry.MAX_CAPACITY + "]");
        }
        int max = memory.getInt(RingDescriptor.MAX_MESSAGE_LENGTH_OFFSET);
        if (max < 0 || max > capacity / RingDescriptor.MAX_MESSAGE_FRACTION) {
            throw RingCorruption.corrupted(name, "maxMessageLength=" + max + " outside [0, capacity/"
                    + RingDescriptor.MAX_MESSAGE_FRACTION + "=" + capacity / RingDescriptor.MAX_MESSAGE_FRACTION + "]");
        }
        boolean mpsc = kind == RingDescriptor.MPSC_KIND;
        int slots = memory.getInt(RingDescriptor.PRODUCER_SLOT_COUNT_OFFSET);
        if (mpsc ? slots < 1 || slots > RingGeometry.MAX_SLOTS : slots != 0) {
            throw RingCorruption.corrupted(name, "producerSlots=" + slots + (mpsc ? " outside [1, " + RingGeometry.MAX_SLOTS
                    + "]" : " must be 0 in an SPSC ring"));
        }
        int subscriberSlots = memory.getInt(RingDescriptor.SUBSCRIBER_SLOT_COUNT_OFFSET);
        if (subscriberSlots != 0) {
            throw RingCorruption.corrupted(name, "subscriberSlots=" + subscriberSlots + " must be 0 in a "
                    + (mpsc ? "MPSC" : "SPSC") + " ring");
        }
        long timeout = memory.getLong(RingDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET);
        if (timeout < 0 || (!mpsc && timeout != 0)) {
            throw RingCorruption.corrupted(name, "stuckClaimTimeoutNanos=" + timeout + (mpsc ? " is negative" : " must be 0 in an SPSC ring"));
        }
        RingLayout layout = new RingLayout(kind, capacity, max, slots, timeout);
        int storedDataOffset = memory.getInt(RingDescriptor.DATA_OFFSET_OFFSET);
        if (storedDataOffset != layout.dataOffset) {
            throw RingCorruption.corrupted(name, "layout mismatch: dataOffset=" + storedDataOffset + " but producerSlots=" + slots
                    + " puts the data at " + layout.dataOffset);
        }
        if (memory.capacity() != layout.fileLength()) {
            throw RingCorruption.corrupted(name, "layout mismatch: file is " + memory.capacity() + " bytes but dataOffset="
                    + layout.dataOffset + " + capacity=" + capacity + " = " + layout.fileLength());
        }
        return layout;
    }

    /**
     * Writes the header fields and zeroed counters of a new ring (the file is fresh, so
     * everything else is already zero).
     *
     * @param memory the new file's mapping
     */
    void write(MappedMemory memory) {
        memory.putInt(RingDescriptor.CAPACITY_OFFSET, capacity);
        memory.putInt(RingDescriptor.MAX_MESSAGE_LENGTH_OFFSET, maxMessageLength);
        memory.putInt(RingDescriptor.PRODUCER_SLOT_COUNT_OFFSET, producerSlots);
        memory.putInt(RingDescriptor.SUBSCRIBER_SLOT_COUNT_OFFSET, 0);
        memory.putInt(RingDescriptor.DATA_OFFSET_OFFSET, dataOffset);
        memory.putLong(RingDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET, stuckClaimTimeoutNanos);
    }

    /**
     * Checks that an existing ring has what the options specify.
     *
     * @param options the caller's options
     * @param name    the file, for messages
     * @throws ChannelException naming the first specified value that differs
     */
    void checkMatches(UnicastRingOptions options, String name) {
        if (options.capacity() != 0 && options.capacity() != capacity) {
            throw mismatch(name, "capacity", capacity, options.capacity());
        }
        if (options.maxMessageLength() >= 0 && options.maxMessageLength() != maxMessageLength) {
            throw mismatch(name, "maxMessageLength", maxMessageLength, options.maxMessageLength());
        }
        if (kind == RingDescriptor.MPSC_KIND && options.producerSlots() != 0 && options.producerSlots() != producerSlots) {
            throw mismatch(name, "producerSlots", producerSlots, options.producerSlots());
        }
        if (kind == RingDescriptor.MPSC_KIND && options.stuckClaimTimeoutNanos() >= 0
                && options.stuckClaimTimeoutNanos() != stuckClaimTimeoutNanos) {
            throw mismatch(name, "stuckClaimTimeoutNanos", stuckClaimTimeoutNanos, options.stuckClaimTimeoutNanos());
        }
    }

    static void checkCapacity(int capacity) {
        if (capacity < RingGeometry.MIN_CAPACITY || capacity > RingGeometry.MAX_CAPACITY
                || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be a power of two in ["
                    + RingGeometry.MIN_CAPACITY + ", " + RingGeometry.MAX_CAPACITY + "]");
        }
    }

    private static ChannelException mismatch(String name, String field, long found, long requested) {
        return new ChannelException(name + ": existing ring has " + field + "=" + found + ", requested " + requested);
    }

    int kind() {
        return kind;
    }

    int capacity() {
        return capacity;
    }

    int maxMessageLength() {
        return maxMessageLength;
    }

    /** @return the largest aligned record: header plus the largest payload */
    int maxRecordLength() {
        return MessageFrame.alignedRecordLength(maxMessageLength);
    }

    /**
     * How far an SPSC producer may run ahead of the tail it stored: it stores its tail once it is
     * this many bytes past the stored one (and when the ring is full, and at close), not after
     * every commit. 4 KiB, or a quarter of a smaller ring.
     *
     * @return bytes, a power of two
     */
    int tailStride() {
        return Math.min(RingDescriptor.TAIL_STRIDE, capacity / 4);
    }

    /**
     * How much consumed space an SPSC consumer keeps before it zeroes and frees it while its
     * polls keep finding messages: {@link RingDescriptor#FREE_STRIDE}, or an eighth of a smaller
     * ring (so a producer always sees room for the largest record and its wrap padding once the
     * consumer has read everything).
     *
     * @return bytes
     */
    int freeStride() {
        return Math.min(RingDescriptor.FREE_STRIDE, capacity / 8);
    }

    /**
     * How far the records an SPSC producer committed can reach past the tail in the file: less
     * than a stride it had not stored yet, plus a padding and a record or batch committed by a
     * producer that died before it could store its tail.
     *
     * @return bytes
     */
    long pastTailLimit() {
        return tailStride() + 2L * maxClaimLength();
    }

    /**
     * The most bytes one batch's records take: a quarter of the capacity. A batch does not wrap,
     * so with the padding before it a claim takes less than half the ring, which an SPSC
     * producer finds free once its consumer has read everything, even with the consumer's last
     * cache line not freed yet (see {@link SpscConsumer}); a larger batch could wait forever.
     *
     * @return bytes, at least {@link #maxRecordLength()}
     */
    int maxBatchLength() {
        return capacity / 4;
    }

    /**
     * The most bytes one claim of a producer covers after its wrap padding: the larger of a batch
     * and a record (a batch, since the largest record is an eighth of the ring); a claim with its
     * padding covers less than twice this.
     *
     * @return bytes
     */
    int maxClaimLength() {
        return Math.max(maxBatchLength(), maxRecordLength());
    }

    int producerSlots() {
        return producerSlots;
    }

    int dataOffset() {
        return dataOffset;
    }

    long stuckClaimTimeoutNanos() {
        return stuckClaimTimeoutNanos;
    }

    long fileLength() {
        return (long) dataOffset + capacity;
    }
}
