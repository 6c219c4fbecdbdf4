package io.ipcring.sync;

/**
 * Layout of a {@link CountingSemaphore} in shared memory: one 8-byte aligned long, little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          Permits (int32, 0..2^31-1) - the futex word          |  0
 *  +---------------------------------------------------------------+
 *  |     Waiters: threads registered to sleep (int32, 0..2^31-1)   |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Both halves change together by compare-and-set on the whole long, so a releaser sees in one
 * read whether anyone may sleep, and a waiter registers before its last look at the permits: no
 * wake-up is lost and a release with no waiter makes no system call.
 */
public final class CountingSemaphoreLayout {
    /** Offset of the state word (long): permits in the low half, waiters in the high half. */
    public static final int STATE_OFFSET = 0;
    /** Offset of the permits (int), the futex word; the low half of the state word. */
    public static final int PERMITS_OFFSET = 0;
    /** Offset of the waiter count (int); the high half of the state word. */
    public static final int WAITERS_OFFSET = 4;
    /** Bytes a semaphore takes. */
    public static final int LENGTH = 8;
    /** Required alignment of a semaphore's offset. */
    public static final int ALIGNMENT = 8;
    /** The state word's increment for one waiter. */
    public static final long ONE_WAITER = 1L << 32;

    private CountingSemaphoreLayout() {
    }
}
