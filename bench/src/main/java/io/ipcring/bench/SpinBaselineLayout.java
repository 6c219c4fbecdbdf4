package io.ipcring.bench;

/**
 * Layout of the spin-baseline transport's region: two mailbox counters with a payload slot each
 * for the ping-pong (see {@link SpinMailbox}), and a ring of fixed-size slots with a producer and
 * a consumer position for the one-way stream. Every counter has a 128-byte line of its own.
 *
 * <pre>
 *      0 +------------------------------------------+
 *        | region header                            |
 *    128 +------------------------------------------+
 *        | ping counter: long, parent -> child      |
 *    256 +------------------------------------------+
 *        | pong counter: long, child -> parent      |
 *    384 +------------------------------------------+
 *        | producer position: long (messages)       |
 *    512 +------------------------------------------+
 *        | consumer position: long (messages)       |
 *    640 +------------------------------------------+
 *        | ping slot: size bytes, padded to 128     |
 *        +------------------------------------------+
 *        | pong slot: size bytes, padded to 128     |
 *        +------------------------------------------+
 *        | ring: slots x stride (size rounded to 8) |
 *        +------------------------------------------+ rounded up to a page
 * </pre>
 */
public final class SpinBaselineLayout {
    /** Bytes per counter line. */
    public static final int LINE = 128;
    /** The parent's mailbox counter (long). */
    public static final int PING_OFFSET = LINE;
    /** The child's mailbox counter (long). */
    public static final int PONG_OFFSET = PING_OFFSET + LINE;
    /** Messages the producer has published into the slot ring (long). */
    public static final int PRODUCER_OFFSET = PONG_OFFSET + LINE;
    /** Messages the consumer has taken from the slot ring (long). */
    public static final int CONSUMER_OFFSET = PRODUCER_OFFSET + LINE;
    /** The parent's payload slot; the child's follows it. */
    public static final int PING_SLOT_OFFSET = CONSUMER_OFFSET + LINE;
    /** The ring's data bytes, the same as the Agrona rings' capacity in the bench. */
    public static final int RING_BYTES = 1 << 20;
    private static final int PAGE = 4096;

    private SpinBaselineLayout() {
    }

    static int slotLength(int size) {
        return (size + LINE - 1) & -LINE;
    }

    static int pongSlotOffset(int size) {
        return PING_SLOT_OFFSET + slotLength(size);
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
