package io.ipcring.stress.ring;

import io.ipcring.ring.journal.SegmentDescriptor;
import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;

/**
 * The journal's claim word, seal and roll protocol ({@code JournalAppender.claim},
 * {@code Journal.roll}, {@code JournalReader.advance}) modelled on two small segments of
 * {@link SharedMemoryArena} blocks, with the journal's own encodings ({@link SegmentDescriptor}):
 * a real roll creates, fallocates and maps a file, far too slow for jcstress's millions of
 * samples, and its ordering (claim CAS, seal CAS, activation CAS, current-segment CAS, commit
 * release) is what these tests check. The same accesses, in the same order, as the real code.
 *
 * <p>Each segment is one 256-byte block: the claim word at 0, the first sequence at 8, records
 * from 64 (192 bytes of records). A record: header (length, type) released last, the sequence,
 * the payload. The meta block holds the current segment's number at 0.
 */
public final class JournalRollModel {
    /** Bytes of records per segment. */
    public static final int CAPACITY = 192;
    private static final int CLAIM = 0;
    private static final int FIRST = 8;
    private static final int DATA = 64;
    private static final int CURRENT = 0;

    /** What the model does differently from the journal, for the broken twins. */
    public enum Mistake {
        /** None: the journal's protocol. */
        NONE,
        /** Releases the header before storing the payload. */
        HEADER_BEFORE_PAYLOAD,
        /** Seals with a volatile store of the word it read instead of a compare-and-set. */
        PLAIN_SEAL
    }

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int meta = SharedMemoryArena.allocate();
    private final int[] segments = {SharedMemoryArena.allocate(), SharedMemoryArena.allocate()};
    private final Mistake mistake;

    /**
     * Segment 0 current from sequence 0, holding {@code records} records of 8-byte payloads;
     * segment 1 prepared (first sequence unset).
     *
     * @param records records to put in segment 0 first
     * @param mistake the mistake to make, or {@link Mistake#NONE}
     */
    public JournalRollModel(int records, Mistake mistake) {
        this.mistake = mistake;
        memory.putLong(segments[1] + FIRST, SegmentDescriptor.UNSET_SEQUENCE);
        for (int i = 0; i < records; i++) {
            append(8, i);
        }
        // Volatile: the set-up is visible to the actors (jcstress also publishes the state).
        memory.getLongVolatile(meta + CURRENT);
    }

    /**
     * Appends one record: claims (sealing and rolling when it does not fit), writes the
     * sequence and the payload (longs of {@code value + i}) and releases the header.
     *
     * @param payloadLength 8 or 16
     * @param value         the payload's first long
     * @return the record's sequence
     */
    public long append(int payloadLength, long value) {
        int recordLength = SegmentDescriptor.recordLength(payloadLength);
        // Acquire: pairs with the roll's CAS of the current segment.
        int segment = (int) memory.getLongAcquire(meta + CURRENT);
        for (;;) {
            int base = segments[segment];
            // Volatile: pairs with the other claimers' and the sealer's CAS.
            long word = memory.getLongVolatile(base + CLAIM);
            if (SegmentDescriptor.sealed(word)) {
                segment = roll(segment, word);
                continue;
            }
            int offset = SegmentDescriptor.offset(word);
            if (offset + recordLength > CAPACITY) {
                if (mistake == Mistake.PLAIN_SEAL) {
                    memory.putLongVolatile(base + CLAIM, word | SegmentDescriptor.SEALED);
                } else {
                    // CAS: seals only the word read; pairs with the claims' CAS.
                    memory.compareAndSetLong(base + CLAIM, word, word | SegmentDescriptor.SEALED);
                }
                continue;
            }
            int count = SegmentDescriptor.count(word);
            // CAS: the claim; pairs with the other claimers' and the sealer's CAS.
            if (memory.compareAndSetLong(base + CLAIM, word, SegmentDescriptor.claimWord(count + 1L, offset + recordLength))) {
                // Acquire: pairs with the activation CAS.
                long sequence = memory.getLongAcquire(base + FIRST) + count;
                int at = base + DATA + offset;
                memory.putLong(at + SegmentDescriptor.RECORD_SEQUENCE_OFFSET, sequence);
                long header = SegmentDescriptor.header(payloadLength, 1);
                if (mistake == Mistake.HEADER_BEFORE_PAYLOAD) {
                    memory.putLongRelease(at, header);
                    putPayload(at, payloadLength, value);
                } else {
                    putPayload(at, payloadLength, value);
                    // Release: pairs with the reader's acquire of the header; the payload first.
                    memory.putLongRelease(at, header);
                }
                return sequence;
            }
        }
    }

    private void putPayload(int at, int payloadLength, long value) {
        for (int i = 0; i < payloadLength / Long.BYTES; i++) {
            memory.putLong(at + SegmentDescriptor.RECORD_HEADER_LENGTH + i * Long.BYTES, value + i);
        }
    }

    /** Activates segment 1 after sealed segment 0 and advances the current segment; @return 1 */
    private int roll(int segment, long sealedWord) {
        if (segment != 0) {
            throw new IllegalStateException("the model has two segments; segment 1 is sealed");
        }
        // Acquire: pairs with the activation CAS of segment 0 (set-up).
        long next = memory.getLongAcquire(segments[0] + FIRST) + SegmentDescriptor.count(sealedWord);
        // CAS: every roller agrees on the first sequence; pairs with the readers' acquire.
        memory.compareAndSetLong(segments[1] + FIRST, SegmentDescriptor.UNSET_SEQUENCE, next);
        // CAS: pairs with the appenders' acquire of the current segment.
        memory.compareAndSetLong(meta + CURRENT, 0, 1);
        return 1;
    }

    /**
     * A reader at segment 0's data offset {@code end} (where its records ended at set-up) moves
     * into segment 1 as {@code JournalReader.advance} does and reads its first record.
     *
     * @param end    segment 0's claimed offset at set-up
     * @param result {@code {where, committed, intact}}: where 0 = segment 0 not sealed at
     *               {@code end}, 1 = sealed but segment 1 not active, 2 = in segment 1;
     *               committed 1 when its first record's header was released; intact 1 when the
     *               payload and sequence are the appender's, 0 when not, -1 when not read
     * @param payloadLength the record's payload length
     * @param value         the payload's first long
     */
    public void readAcrossTheRoll(int end, int payloadLength, long value, int[] result) {
        result[1] = 0;
        result[2] = -1;
        // Acquire: pairs with the commit's release (nothing should be committed at end).
        if (end < CAPACITY && SegmentDescriptor.headerType(memory.getLongAcquire(segments[0] + DATA + end)) != 0) {
            result[0] = -1;
            return;
        }
        // Volatile: pairs with the seal's CAS.
        long word = memory.getLongVolatile(segments[0] + CLAIM);
        if (!SegmentDescriptor.sealed(word) || SegmentDescriptor.offset(word) != end) {
            result[0] = 0;
            return;
        }
        // Acquire: pairs with the activation CAS.
        long first = memory.getLongAcquire(segments[1] + FIRST);
        if (first == SegmentDescriptor.UNSET_SEQUENCE) {
            result[0] = 1;
            return;
        }
        result[0] = 2;
        int at = segments[1] + DATA;
        // Acquire: pairs with the commit's release: the payload and sequence are visible after.
        long header = memory.getLongAcquire(at);
        if (SegmentDescriptor.headerType(header) == 0) {
            return;
        }
        result[1] = 1;
        boolean intact = SegmentDescriptor.headerLength(header) == payloadLength
                && memory.getLong(at + SegmentDescriptor.RECORD_SEQUENCE_OFFSET) == first;
        for (int i = 0; i < payloadLength / Long.BYTES; i++) {
            intact &= memory.getLong(at + SegmentDescriptor.RECORD_HEADER_LENGTH + i * Long.BYTES) == value + i;
        }
        result[2] = intact ? 1 : 0;
    }

    /** @return segment 0's claimed data offset */
    public int claimedOffset() {
        return SegmentDescriptor.offset(memory.getLongVolatile(segments[0] + CLAIM));
    }

    /**
     * Walks both segments after the actors: every record committed, its stored sequence the
     * one its place gives, segment 1 starting where segment 0 ended.
     *
     * @return the records counted, or -1 when any check fails
     */
    public int checkedRecords() {
        int total = 0;
        long expectedFirst = 0;
        for (int s = 0; s < 2; s++) {
            int base = segments[s];
            long word = memory.getLongVolatile(base + CLAIM);
            long first = memory.getLongAcquire(base + FIRST);
            if (SegmentDescriptor.count(word) == 0 && s == 1) {
                break;
            }
            if (first != expectedFirst) {
                return -1;
            }
            int offset = 0;
            for (int i = 0; i < SegmentDescriptor.count(word); i++) {
                long header = memory.getLongAcquire(base + DATA + offset);
                if (SegmentDescriptor.headerType(header) == 0
                        || memory.getLong(base + DATA + offset + SegmentDescriptor.RECORD_SEQUENCE_OFFSET) != first + i) {
                    return -1;
                }
                offset += SegmentDescriptor.recordLength(SegmentDescriptor.headerLength(header));
            }
            if (offset != SegmentDescriptor.offset(word)) {
                return -1;
            }
            total += SegmentDescriptor.count(word);
            expectedFirst = first + SegmentDescriptor.count(word);
        }
        return total;
    }
}
