package io.ipcring.ring;

/**
 * The sizes every ring family's layout is built from, one vocabulary for
 * {@code unicast.RingDescriptor}, {@code fanout.BroadcastRingDescriptor},
 * {@code fanout.WorkQueueRingDescriptor} and {@code fanout.ProducerSlotDescriptor}: each counter
 * sits on its own {@link #LINE_LENGTH}-byte line, each file starts with a
 * {@link #PAGE_LENGTH}-byte header page, and every family accepts the same capacities and slot
 * counts.
 */
public final class RingGeometry {
    /**
     * Bytes of one counter line: two 64-byte cache lines, so the adjacent-line prefetcher never
     * drags a neighbour's counter along.
     */
    public static final int LINE_LENGTH = 128;
    /** Bytes of a page: the header page of every ring file, and the alignment of its data region. */
    public static final int PAGE_LENGTH = 4096;
    /**
     * The smallest data capacity of every family: the smallest power of two whose eighth (the
     * most one record may take) still holds the largest record header, a work-queue record's
     * 32 bytes; the single-consumer rings have always accepted it.
     */
    public static final int MIN_CAPACITY = 256;
    /** The largest data capacity: the whole file must fit one mapping. */
    public static final int MAX_CAPACITY = 1 << 30;
    /** The most producer, subscriber or consumer slots of one kind a ring may have. */
    public static final int MAX_SLOTS = 1024;

    private RingGeometry() {
    }
}
