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
 * <p>Lock word: the owner's {@link ProcessIdentity#pack() packed identity} (bits 2..63: pid, low
 * 40 bits of its start time) with the two flags in the bits a packed identity leaves clear
 * ({@link ProcessIdentity#OWNER_FLAGS}): bit 0 {@link #CONTENDED} (a thread may sleep on the
 * word: unlock must wake one), bit 1 {@link #RECOVERING} (a new owner is taking over from a dead
 * one). 0 means free. The whole owner identity sits in the one word that is compared and
 * swapped, so a takeover replaces exactly the dead owner's value and two processes can never
 * both take over.
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

    private RobustMutexLayout() {
    }
}
