package io.ipcring.sync;

/**
 * Layout of an {@link Event} in shared memory: one 4-byte aligned int, little-endian, which is
 * also the futex word.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  State: 0 reset, 1 set, 2 reset with sleepers (int32)         |  0
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class EventLayout {
    /** Offset of the state word (int), the futex word. */
    public static final int STATE_OFFSET = 0;
    /** Bytes an event takes. */
    public static final int LENGTH = 4;
    /** Required alignment of an event's offset. */
    public static final int ALIGNMENT = 4;

    /** State: not set, nobody sleeps. */
    public static final int RESET = 0;
    /** State: set; waiters pass at once. */
    public static final int SET = 1;
    /** State: not set, and a thread may sleep on the word: {@code set} must wake. */
    public static final int RESET_WITH_SLEEPERS = 2;

    private EventLayout() {
    }
}
