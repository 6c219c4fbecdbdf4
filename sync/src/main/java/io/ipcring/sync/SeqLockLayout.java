package io.ipcring.sync;

/**
 * Layout of a {@link SeqLock} in shared memory: 8-byte aligned, little-endian, 16 bytes plus
 * 8 per data word.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        Sequence (long): even = stable, odd = write going on   |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Number of data words n (int32, 1..)              |  8
 *  +---------------------------------------------------------------+
 *  |                          Reserved                             | 12
 *  +---------------------------------------------------------------+
 *  |                      Data word 0 (long)                       | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                             ...                              ...
 *  +---------------------------------------------------------------+
 *  |                    Data word n-1 (long)                       | 16 + 8(n-1)
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SeqLockLayout {
    /** Offset of the sequence (long). */
    public static final int SEQUENCE_OFFSET = 0;
    /** Offset of the number of data words (int). */
    public static final int WORDS_OFFSET = 8;
    /** Offset of data word 0; word i is at {@code DATA_OFFSET + 8 * i}. */
    public static final int DATA_OFFSET = 16;
    /** Required alignment of a seqlock's offset. */
    public static final int ALIGNMENT = 8;
    /** The most data words a seqlock may hold. */
    public static final int MAX_WORDS = (Integer.MAX_VALUE - DATA_OFFSET) / Long.BYTES;

    private SeqLockLayout() {
    }

    /**
     * @param words the number of data words, 1 to {@link #MAX_WORDS}
     * @return the bytes a seqlock with that many words takes
     */
    public static int length(int words) {
        if (words < 1 || words > MAX_WORDS) {
            throw new IllegalArgumentException("words=" + words + " must be in [1, " + MAX_WORDS + "]");
        }
        return DATA_OFFSET + words * Long.BYTES;
    }
}
