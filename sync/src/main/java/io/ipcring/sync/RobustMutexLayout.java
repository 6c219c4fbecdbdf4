package io.ipcring.sync;

/**
 * Layout of a {@link RobustMutex} in shared memory: 16 bytes, 8-byte aligned, little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-------------------------------------------+---------------+
 *  |C|R|          Owner pid (22 bits)              | Start ticks   |  0  lock word (long);
 *  +-+-+-------------------------------------------+---------------+     the futex sleeps on
 *  |           Owner start ticks, bits 8..39 (high 32 bits)        |  4  bytes 0..3
 *  +---------------------------------------------------------------+
 *  |             Owner thread id within its process (long)         |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Lock word, bit by bit: bit 0 {@link #CONTENDED} (a thread may sleep on the word: unlock must
 * wake one), bit 1 {@link #RECOVERING} (a new owner is taking over from a dead one), bits 2..23
 * the owner's pid, bits 24..63 the low 40 bits of the owner's start time in clock ticks
 * ({@link ProcessIdentity#startTicks()}: 2<sup>40</sup> ticks at 100 Hz are 348 years, so a
 * recycled pid is never mistaken for a dead owner). 0 means free. The whole owner identity sits
 * in the one word that is compared and swapped, so a takeover replaces exactly the dead owner's
 * value and two processes can never both take over.
 *
 * <p>The owner thread id is written by the owner after it takes the lock word and cleared
 * before it frees the word; only threads of the owning process compare it.
 */
public final class RobustMutexLayout {
    /** Offset of the lock word (long); its low 32 bits are the futex word. */
    public static final int LOCK_WORD_OFFSET = 0;
    /** Offset of the owner's thread id (long), 0 when none. */
    public static final int OWNER_THREAD_OFFSET = 8;
    /** Bytes a mutex takes. */
    public static final int LENGTH = 16;
    /** Required alignment of a mutex's offset. */
    public static final int ALIGNMENT = 8;

    /** Lock word value of a free mutex. */
    public static final long FREE = 0L;
    /** Lock word bit: a thread may be sleeping on the word. */
    public static final long CONTENDED = 1L;
    /** Lock word bit: the owner is taking over from a dead owner and has not finished. */
    public static final long RECOVERING = 2L;
    /** Lowest bit of the owner pid in the lock word. */
    public static final int PID_SHIFT = 2;
    /** Width of the owner pid (Linux pids are below 2<sup>22</sup>). */
    public static final int PID_BITS = 22;
    /** Lowest bit of the owner start ticks in the lock word. */
    public static final int START_TICKS_SHIFT = PID_SHIFT + PID_BITS;
    /** Width of the owner start ticks kept in the lock word. */
    public static final int START_TICKS_BITS = Long.SIZE - START_TICKS_SHIFT;

    private RobustMutexLayout() {
    }

    /**
     * @param pid        a process id below 2<sup>22</sup>
     * @param startTicks its start time in clock ticks; only the low {@link #START_TICKS_BITS} are kept
     * @return the lock word value naming that process as owner, flags clear
     */
    public static long ownerWord(long pid, long startTicks) {
        if (pid <= 0 || pid >= 1L << PID_BITS) {
            throw new IllegalArgumentException("pid=" + pid + " does not fit in " + PID_BITS + " bits");
        }
        return (pid << PID_SHIFT) | (startTicks << START_TICKS_SHIFT);
    }

    /** @param lockWord a lock word @return the owner pid it names, 0 when none */
    public static long pid(long lockWord) {
        return (lockWord >>> PID_SHIFT) & ((1L << PID_BITS) - 1);
    }

    /** @param lockWord a lock word @return the owner start ticks it holds (low {@link #START_TICKS_BITS}) */
    public static long startTicks(long lockWord) {
        return lockWord >>> START_TICKS_SHIFT;
    }
}
