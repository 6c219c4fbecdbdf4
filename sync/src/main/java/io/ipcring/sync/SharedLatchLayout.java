package io.ipcring.sync;

/**
 * Layout of a {@link SharedLatch} in shared memory: one 4-byte aligned int, little-endian, which
 * is also the futex word.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------------------------------------+-+
 *  |                   Count (31 bits, 0..2^31-1)                |S|  0
 *  +-------------------------------------------------------------+-+
 * </pre>
 *
 * <p>S ({@link #SLEEPERS}, bit 31): a thread may sleep on the word, so the count-down to zero
 * must wake. The count sits in bits 0..30.
 */
public final class SharedLatchLayout {
    /** Offset of the state word (int), the futex word. */
    public static final int STATE_OFFSET = 0;
    /** Bytes a latch takes. */
    public static final int LENGTH = 4;
    /** Required alignment of a latch's offset. */
    public static final int ALIGNMENT = 4;
    /** State bit: a thread may be sleeping on the word. */
    public static final int SLEEPERS = 1 << 31;
    /** State bits holding the count. */
    public static final int COUNT_MASK = ~SLEEPERS;

    private SharedLatchLayout() {
    }
}
