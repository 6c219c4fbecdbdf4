package io.ipcring.ring.journal;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingGeometry;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;

/**
 * The layout of a journal segment file, {@code NNNNNNNNNNNNNNNNNNNN.seg} (the segment number,
 * zero-padded to 20 digits so {@code ls} sorts segments in order). Offsets are bytes from the
 * start of the file; words are little-endian.
 *
 * <pre>
 *        0 +---------------------------------------------------------------+
 *          | RegionHeader: magic, layout version, kind journal-segment,    |
 *          | file length, creator pid + start ticks, creation time (64 B)  |
 *       64 +---------------------------------------------------------------+
 *          | segment number (long) | data capacity (int) | index interval |
 *          | (int) | index entries (int) | data offset (int)             |
 *      128 +---------------------------------------------------------------+
 *          | first sequence (long): {@link #UNSET_SEQUENCE} until the      |
 *          | segment becomes current | period end, epoch ns (long): 0     |
 *          | until then | activation time, epoch ns (long)                 |
 *      256 +---------------------------------------------------------------+
 *          | claim word (long): sealed (bit 63) | record count (bits      |
 *          | 32..62) | data offset of the next record (bits 0..31)       |
 *      384 +---------------------------------------------------------------+
 *          | sparse index: entries x 16 bytes, entry k for the record     |
 *          | whose count is k x interval: file offset of the record       |
 *          | (long, 0 = not written), its timestamp (long)               |
 *          +--------------- padded up to a 4 KiB boundary -----------------+
 * data     | records, 8-byte aligned, back to back from data offset 0     |
 *          +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A record is the {@link MessageFrame} header, a sequence and a timestamp, then the payload:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Payload length (int32, LE)                    |  0
 *  +---------------------------------------------------------------+
 *  |                    Message type (int32, LE)                   |  4
 *  +---------------------------------------------------------------+
 *  |                   Sequence (int64, LE)                        |  8
 *  +---------------------------------------------------------------+
 *  |           Append timestamp, epoch nanoseconds (int64, LE)     |  16
 *  +---------------------------------------------------------------+
 *  |                        Payload ...                           ...  24
 *  +---------------------------------------------------------------+
 * </pre>
 * The 8-byte header word (length, type) is the commit: stored last, with release. Until then
 * it reads 0 or, once the claimer has marked it, type 0 with length {@code -recordLength} (the
 * in-flight mark, which tells a repair the claim's extent). A padding record (an abort, or a
 * dead appender's claim repaired) has type {@link MessageFrame#PADDING_TYPE} and the same
 * extent: every record, padding too, takes {@link #recordLength(int)} of its length field.
 *
 * <p>The claim word. An appender claims a record with one compare-and-set of the claim word
 * from {@code (count, offset)} to {@code (count + 1, offset + recordLength)}: the record's
 * sequence is {@code first sequence + count} and its space starts at {@code offset}, both
 * fixed by the one CAS. A claim that does not fit (or whose timestamp is past the period end)
 * sets the sealed bit by CAS instead, which fixes the segment's final count and length.
 */
public final class SegmentDescriptor {
    /** The layout version this code reads and writes. */
    public static final int LAYOUT_VERSION = 1;
    /** Kind of a journal segment file; kinds {@code 0x0200..0x02FF} belong to the journal. */
    public static final int SEGMENT_KIND = 0x0201;
    /** The segment file's format. */
    public static final RegionFormat FORMAT = new RegionFormat(SEGMENT_KIND, LAYOUT_VERSION, "journal-segment");
    /** A segment file's name ends so. */
    public static final String SUFFIX = ".seg";

    /** The segment's number (long), the one in its file name. */
    public static final int NUMBER_OFFSET = RegionHeader.LENGTH;
    /** Bytes of record space (int). */
    public static final int CAPACITY_OFFSET = NUMBER_OFFSET + Long.BYTES;
    /** Records between two index entries (int). */
    public static final int INDEX_INTERVAL_OFFSET = CAPACITY_OFFSET + Integer.BYTES;
    /** Entries in the index (int). */
    public static final int INDEX_ENTRIES_OFFSET = INDEX_INTERVAL_OFFSET + Integer.BYTES;
    /** File offset of the record space (int). */
    public static final int DATA_OFFSET_OFFSET = INDEX_ENTRIES_OFFSET + Integer.BYTES;
    /** First sequence (long), {@link #UNSET_SEQUENCE} while the segment is only prepared. */
    public static final int FIRST_SEQUENCE_OFFSET = 2 * 64;
    /** End of the segment's time period, epoch nanoseconds (long); 0 until activated. */
    public static final int PERIOD_END_OFFSET = FIRST_SEQUENCE_OFFSET + Long.BYTES;
    /** When the segment became current, epoch nanoseconds (long). */
    public static final int ACTIVATION_TIME_OFFSET = PERIOD_END_OFFSET + Long.BYTES;
    /** The claim word (long), alone on its 128-byte line. */
    public static final int CLAIM_OFFSET = 2 * RingGeometry.LINE_LENGTH;
    /** The first index entry. */
    public static final int INDEX_OFFSET = CLAIM_OFFSET + RingGeometry.LINE_LENGTH;
    /** Bytes per index entry. */
    public static final int INDEX_ENTRY_LENGTH = 16;
    /** Within an entry: the record's file offset (long); 0 = not written. */
    public static final int ENTRY_RECORD_OFFSET = 0;
    /** Within an entry: the record's timestamp (long). */
    public static final int ENTRY_TIMESTAMP_OFFSET = 8;

    /** A prepared segment's first sequence, before it becomes current. */
    public static final long UNSET_SEQUENCE = -1L;
    /** The claim word's sealed bit. */
    public static final long SEALED = 1L << 63;
    /** The largest record count and offset a claim word holds. */
    public static final long COUNT_MASK = 0x7FFF_FFFFL;

    /** Within a record: its sequence (long). */
    public static final int RECORD_SEQUENCE_OFFSET = MessageFrame.HEADER_LENGTH;
    /** Within a record: its append timestamp (long). */
    public static final int RECORD_TIMESTAMP_OFFSET = RECORD_SEQUENCE_OFFSET + Long.BYTES;
    /** Bytes in front of a record's payload. */
    public static final int RECORD_HEADER_LENGTH = RECORD_TIMESTAMP_OFFSET + Long.BYTES;

    private SegmentDescriptor() {
    }

    /**
     * @param payloadLength a payload length, not negative
     * @return the bytes a record takes: its 24-byte header and the payload, aligned to 8
     */
    public static int recordLength(int payloadLength) {
        return (RECORD_HEADER_LENGTH + payloadLength + MessageFrame.ALIGNMENT - 1) & -MessageFrame.ALIGNMENT;
    }

    /**
     * @param capacity      record space in bytes
     * @param indexInterval records per index entry
     * @return index entries a segment of this capacity has: one per interval of the most records
     *         it can hold, plus one
     */
    public static int indexEntries(int capacity, int indexInterval) {
        return capacity / RECORD_HEADER_LENGTH / indexInterval + 1;
    }

    /**
     * @param capacity      record space in bytes
     * @param indexInterval records per index entry
     * @return the file offset of the record space: after the index, on a page boundary
     */
    public static int dataOffset(int capacity, int indexInterval) {
        long end = INDEX_OFFSET + (long) indexEntries(capacity, indexInterval) * INDEX_ENTRY_LENGTH;
        return (int) ((end + RingGeometry.PAGE_LENGTH - 1) & -RingGeometry.PAGE_LENGTH);
    }

    /**
     * @param capacity      record space in bytes
     * @param indexInterval records per index entry
     * @return the segment file's length
     */
    public static long fileLength(int capacity, int indexInterval) {
        return (long) dataOffset(capacity, indexInterval) + capacity;
    }

    /**
     * @param number a segment number, not negative
     * @return its file name: 20 digits and {@link #SUFFIX}
     */
    public static String fileName(long number) {
        return String.format("%020d%s", number, SUFFIX);
    }

    /**
     * @param count  records claimed
     * @param offset data offset of the next record
     * @return the claim word holding them, not sealed
     */
    public static long claimWord(long count, long offset) {
        return count << 32 | offset;
    }

    /** @return the record count of a claim word */
    public static int count(long claimWord) {
        return (int) ((claimWord >>> 32) & COUNT_MASK);
    }

    /** @return the next record's data offset of a claim word */
    public static int offset(long claimWord) {
        return (int) claimWord;
    }

    /** @return true when a claim word is sealed */
    public static boolean sealed(long claimWord) {
        return claimWord < 0;
    }

    /** @return the header word of a record: length in the low half, type in the high half (little-endian) */
    public static long header(int length, int type) {
        return (long) type << 32 | (length & 0xFFFF_FFFFL);
    }

    /** @return the length field of a header word */
    public static int headerLength(long header) {
        return (int) header;
    }

    /** @return the type field of a header word */
    public static int headerType(long header) {
        return (int) (header >> 32);
    }
}
