package io.ipcring.bench;

import io.ipcring.sync.RegionHeader;

/**
 * Layout of the spin-baseline transport's region: a mailbox slot per direction for the ping-pong
 * (see {@link SpinMailbox}), each holding the payload with the side's counter right after it, so
 * a message and its signal share a cache line as in any ring that publishes a record by its
 * header (up to 56 payload bytes: one 64-byte line per direction and round trip, the least a
 * transport that moves a payload can do), and a ring of fixed-size slots with a producer and a
 * consumer position for the one-way stream. Every position has a 128-byte line of its own.
 *
 * <pre>
 *      0 +------------------------------------------+
 *        | region header (64) | payload size (int)  |
 *    128 +------------------------------------------+
 *        | producer position: long (messages)       |
 *    256 +------------------------------------------+
 *        | consumer position: long (messages)       |
 *    384 +------------------------------------------+
 *        | ping slot: payload (size rounded up to   |
 *        | 8), ping counter (long, parent -> child), |
 *        | padded to 128                            |
 *        +------------------------------------------+
 *        | pong slot: the same, child -> parent     |
 *        +------------------------------------------+
 *        | ring: slots x stride (size rounded to 8) |
 *        +------------------------------------------+ rounded up to a page
 * </pre>
 */
public final class SpinBaselineLayout {
    /** Bytes per counter line. */
    public static final int LINE = 128;
    /** The payload size the region was created for (int), so inspectors find the counters. */
    public static final int SIZE_OFFSET = RegionHeader.LENGTH;
    /** Messages the producer has published into the slot ring (long). */
    public static final int PRODUCER_OFFSET = LINE;
    /** Messages the consumer has taken from the slot ring (long). */
    public static final int CONSUMER_OFFSET = PRODUCER_OFFSET + LINE;
    /** The parent's payload slot; the child's follows it. */
    public static final int PING_SLOT_OFFSET = CONSUMER_OFFSET + LINE;
    /** The ring's data bytes, the same as the Agrona rings' capacity in the bench. */
    public static final int RING_BYTES = 1 << 20;
    private static final int PAGE = 4096;

    private SpinBaselineLayout() {
    }

    /** @param size payload bytes @return bytes of a mailbox slot: payload, counter, padded to a line */
    static int slotLength(int size) {
        return (stride(size) + Long.BYTES + LINE - 1) & -LINE;
    }

    /** @param size payload bytes @return the child's payload slot */
    static int pongSlotOffset(int size) {
        return PING_SLOT_OFFSET + slotLength(size);
    }

    /** @param size payload bytes @return the parent's counter (long), right after its payload */
    public static int pingCounterOffset(int size) {
        return PING_SLOT_OFFSET + stride(size);
    }

    /** @param size payload bytes @return the child's counter (long), right after its payload */
    public static int pongCounterOffset(int size) {
        return pongSlotOffset(size) + stride(size);
    }

    static int ringOffset(int size) {
        return pongSlotOffset(size) + slotLength(size);
    }

    static int stride(int size) {
        return (size + 7) & -8;
    }

    /** @param size payload bytes @return slots in the ring, a power of two, at least 2 */
    static int slots(int size) {
        return Math.max(2, Integer.highestOneBit(RING_BYTES / stride(size)));
    }

    static int length(int size) {
        long end = (long) ringOffset(size) + (long) slots(size) * stride(size);
        return (int) ((end + PAGE - 1) & -PAGE);
    }
}
