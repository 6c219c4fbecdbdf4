package io.ipcring.sync;

/**
 * Layout of a {@link SemaphoreSet} of {@code k} semaphores in shared memory: 8-byte aligned,
 * little-endian, {@link #length(int)} bytes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |         Internal lock: a RobustMutex (16 bytes)               |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Number of semaphores k (int32)                | 16
 *  +---------------------------------------------------------------+
 *  |      Redo-log entries n (int32): 0 = no update in flight      | 20
 *  +---------------------------------------------------------------+
 *  |   Signal word (int32): the FutexSignal's futex word           | 24
 *  +---------------------------------------------------------------+
 *  |   Armed flag (int32, bit 0): the FutexSignal's armed flag     | 28
 *  +---------------------------------------------------------------+
 *  |                 Value of semaphore 0 (int32)                  | 32
 *  +---------------------------------------------------------------+
 *  |                              ...                             ...
 *  +---------------------------------------------------------------+
 *  |                Value of semaphore k-1 (int32)                 | 32 + 4(k-1)
 *  +---------------------------------------------------------------+
 *  |       Padding to a multiple of 8 (when k is odd)              |
 *  +---------------------------------------------------------------+
 *  |   Redo-log entry 0: semaphore index (int32) | new value (int32)| logOffset(k)
 *  +---------------------------------------------------------------+
 *  |                    ... k entries in all                      ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Everything after the internal lock but the two words of the {@link FutexSignal} that
 * waiters sleep on is read and written only while holding it. An update
 * writes the new values of the semaphores it changes to the redo log, then the entry count, then
 * the values, then clears the count; whoever takes the lock over from a holder that died replays
 * a non-empty log, so an update is applied entirely or not at all even across a crash.
 */
public final class SemaphoreSetLayout {
    /** Offset of the internal {@link RobustMutex}. */
    public static final int LOCK_OFFSET = 0;
    /** Offset of the number of semaphores (int). */
    public static final int COUNT_OFFSET = 16;
    /** Offset of the number of redo-log entries (int). */
    public static final int LOG_LENGTH_OFFSET = 20;
    /** Offset of the futex word of the {@link FutexSignal} waiters sleep on (int). */
    public static final int SIGNAL_OFFSET = 24;
    /** Offset of the word holding that signal's armed flag (int). */
    public static final int ARMED_OFFSET = 28;
    /** The armed flag's bit in the word at {@link #ARMED_OFFSET}. */
    public static final int ARMED = 1;
    /** Offset of the value of semaphore 0; semaphore i is at {@code VALUES_OFFSET + 4 * i}. */
    public static final int VALUES_OFFSET = 32;
    /** Bytes of one redo-log entry: index then value. */
    public static final int LOG_ENTRY_LENGTH = 8;
    /** Required alignment of a set's offset. */
    public static final int ALIGNMENT = 8;
    /** The most semaphores one set may hold. */
    public static final int MAX_SEMAPHORES = 65536;

    private SemaphoreSetLayout() {
    }

    /**
     * @param count the number of semaphores, 1 to {@link #MAX_SEMAPHORES}
     * @return the offset of the redo log from the start of the set
     */
    public static int logOffset(int count) {
        checkCount(count);
        return VALUES_OFFSET + ((count * Integer.BYTES + 7) & ~7);
    }

    /**
     * @param count the number of semaphores, 1 to {@link #MAX_SEMAPHORES}
     * @return the bytes a set of that many semaphores takes
     */
    public static int length(int count) {
        return logOffset(count) + count * LOG_ENTRY_LENGTH;
    }

    private static void checkCount(int count) {
        if (count < 1 || count > MAX_SEMAPHORES) {
            throw new IllegalArgumentException("count=" + count + " must be in [1, " + MAX_SEMAPHORES + "]");
        }
    }
}
