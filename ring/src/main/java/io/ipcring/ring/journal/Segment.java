package io.ipcring.ring.journal;

import static io.ipcring.ring.journal.SegmentDescriptor.*;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * One mapped segment file: its checked geometry and the word accesses appenders and readers
 * make on it. Every value read from the file that bounds an access is checked here or by the
 * caller against {@link #capacity()}.
 */
final class Segment implements AutoCloseable {
    private final SharedRegion region;
    private final MappedMemory memory;
    private final long number;
    private final int capacity;
    private final int indexInterval;
    private final int indexEntries;
    private final int dataOffset;
    private final ByteBuffer buffer;
    private final ByteBuffer readBuffer;

    private Segment(SharedRegion region, long number, int capacity, int indexInterval) {
        this.region = region;
        this.memory = region.memory();
        this.number = number;
        this.capacity = capacity;
        this.indexInterval = indexInterval;
        this.indexEntries = SegmentDescriptor.indexEntries(capacity, indexInterval);
        this.dataOffset = SegmentDescriptor.dataOffset(capacity, indexInterval);
        ByteBuffer b = memory.buffer().duplicate();
        this.buffer = b.order(ByteOrder.LITTLE_ENDIAN);
        this.readBuffer = b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates a prepared segment file: its space reserved, its first sequence unset.
     *
     * @throws SharedMemoryException {@code ALREADY_EXISTS} when another process created it
     *                               first, {@code NO_SPACE} when the file system is full
     */
    static void create(Path path, long number, int capacity, int indexInterval) {
        long length = SegmentDescriptor.fileLength(capacity, indexInterval);
        SharedRegion.create(path, FORMAT, length, io.ipcring.sync.RegionAccess.OWNER, m -> {
            m.putLong(NUMBER_OFFSET, number);
            m.putInt(CAPACITY_OFFSET, capacity);
            m.putInt(INDEX_INTERVAL_OFFSET, indexInterval);
            m.putInt(INDEX_ENTRIES_OFFSET, SegmentDescriptor.indexEntries(capacity, indexInterval));
            m.putInt(DATA_OFFSET_OFFSET, SegmentDescriptor.dataOffset(capacity, indexInterval));
            m.putLong(FIRST_SEQUENCE_OFFSET, UNSET_SEQUENCE);
        }).close();
    }

    /**
     * Maps a segment file and checks it against the journal's geometry.
     *
     * @throws JournalCorruptedException naming the file and the offset of a wrong value
     * @throws SharedMemoryException     for a missing file, a wrong magic, kind, version or size
     */
    static Segment open(Path path, long number, int capacity, int indexInterval, boolean readOnly) {
        SharedRegion region;
        try {
            region = readOnly ? SharedRegion.openReadOnly(path) : SharedRegion.open(path, FORMAT);
        } catch (SharedMemoryException e) {
            throw JournalCorruptedException.of(e);
        }
        try {
            Path p = region.path();
            if (region.kind() != SEGMENT_KIND || region.version() != LAYOUT_VERSION) {
                throw new JournalCorruptedException(p, 12, "kind=" + region.kind() + " version=" + region.version()
                        + " (a journal segment has kind=" + SEGMENT_KIND + " version=" + LAYOUT_VERSION + ")");
            }
            long expectedLength = SegmentDescriptor.fileLength(capacity, indexInterval);
            if (region.length() != expectedLength) {
                throw new JournalCorruptedException(p, 16, "length=" + region.length() + " (expected " + expectedLength + ")");
            }
            MappedMemory m = region.memory();
            check(p, NUMBER_OFFSET, m.getLong(NUMBER_OFFSET), number, "segment number");
            check(p, CAPACITY_OFFSET, m.getInt(CAPACITY_OFFSET), capacity, "capacity");
            check(p, INDEX_INTERVAL_OFFSET, m.getInt(INDEX_INTERVAL_OFFSET), indexInterval, "index interval");
            check(p, INDEX_ENTRIES_OFFSET, m.getInt(INDEX_ENTRIES_OFFSET),
                    SegmentDescriptor.indexEntries(capacity, indexInterval), "index entries");
            check(p, DATA_OFFSET_OFFSET, m.getInt(DATA_OFFSET_OFFSET),
                    SegmentDescriptor.dataOffset(capacity, indexInterval), "data offset");
            Segment segment = new Segment(region, number, capacity, indexInterval);
            segment.checkClaim(segment.claimWord());
            region = null;
            return segment;
        } finally {
            if (region != null) {
                region.close();
            }
        }
    }

    private static void check(Path path, int offset, long found, long expected, String name) {
        if (found != expected) {
            throw new JournalCorruptedException(path, offset, name + "=" + found + " (expected " + expected + ")");
        }
    }

    /**
     * @param word a claim word read from this segment
     * @return the word
     * @throws JournalCorruptedException when its offset is past the capacity or its count is
     *                                   more than that many bytes could hold
     */
    long checkClaim(long word) {
        int offset = SegmentDescriptor.offset(word);
        int count = SegmentDescriptor.count(word);
        if (offset < 0 || offset > capacity || (offset & 7) != 0 || (long) count * RECORD_HEADER_LENGTH > offset) {
            throw corrupted(CLAIM_OFFSET, "claim word count=" + count + " offset=" + offset + " (capacity=" + capacity
                    + ", offsets 8-aligned, at least " + RECORD_HEADER_LENGTH + " bytes per record)");
        }
        return word;
    }

    JournalCorruptedException corrupted(long offset, String what) {
        return new JournalCorruptedException(region.path(), offset, what);
    }

    long number() {
        return number;
    }

    int capacity() {
        return capacity;
    }

    Path path() {
        return region.path();
    }

    /** @return the buffer over the whole file, little-endian, for appenders; payloads are at {@link #fileOffset} */
    ByteBuffer buffer() {
        return buffer;
    }

    /** @return a read-only view of {@link #buffer()}, for readers' handlers */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** @return the file offset of a data offset */
    int fileOffset(int dataOffsetInSegment) {
        return dataOffset + dataOffsetInSegment;
    }

    /** @return the claim word, checked. Volatile: pairs with the appenders' claim and seal CAS. */
    long claimWord() {
        return checkClaim(memory.getLongVolatile(CLAIM_OFFSET));
    }

    /** CAS of the claim word: claims a record or seals; pairs with every other claimer's CAS and the readers' loads. */
    boolean casClaim(long expected, long value) {
        return memory.compareAndSetLong(CLAIM_OFFSET, expected, value);
    }

    /**
     * @return the first sequence, or {@link SegmentDescriptor#UNSET_SEQUENCE} while the segment
     *         is only prepared. Acquire: pairs with the activation CAS, after which the period
     *         end is visible too.
     */
    long firstSequence() {
        long first = memory.getLongAcquire(FIRST_SEQUENCE_OFFSET);
        if (first < UNSET_SEQUENCE) {
            throw corrupted(FIRST_SEQUENCE_OFFSET, "first sequence=" + first + " is negative");
        }
        return first;
    }

    /** @return the end of this segment's period, epoch ns; valid once {@link #firstSequence()} is set */
    long periodEnd() {
        return memory.getLong(PERIOD_END_OFFSET);
    }

    /** @return when the segment became current, epoch ns; valid once {@link #firstSequence()} is set */
    long activationTime() {
        return memory.getLong(ACTIVATION_TIME_OFFSET);
    }

    /**
     * Makes a prepared segment current-ready: its period end, activation time and first
     * sequence, each set by CAS from its unset value so every roller agrees on the first
     * writer's values (a roller that died half way is completed by the next).
     *
     * @return the first sequence in force
     */
    long activate(long firstSequence, long periodEnd, long now) {
        // CAS: the first roller's period end and time stand; pairs with the other rollers' CAS.
        memory.compareAndSetLong(PERIOD_END_OFFSET, 0L, periodEnd);
        memory.compareAndSetLong(ACTIVATION_TIME_OFFSET, 0L, now);
        // CAS with release semantics: pairs with firstSequence()'s acquire; readers and
        // appenders that see it set see the period end and time above.
        if (!memory.compareAndSetLong(FIRST_SEQUENCE_OFFSET, UNSET_SEQUENCE, firstSequence)) {
            long found = firstSequence();
            if (found != firstSequence) {
                throw corrupted(FIRST_SEQUENCE_OFFSET, "first sequence=" + found + " but the previous segment ends "
                        + "before sequence=" + firstSequence);
            }
        }
        return firstSequence;
    }

    /**
     * @return the header word at a data offset, or 0 at the capacity (a full segment's end,
     *         where no record can start). Acquire: pairs with the commit's release store and the
     *         repair CAS.
     */
    long headerAcquire(int offset) {
        return offset == capacity ? 0L : memory.getLongAcquire(dataOffset + offset);
    }

    /** Marks a fresh claim in flight (plain: read by a repair only after this appender is dead). */
    void markInFlight(int offset, int recordLength, long sequence, long timestamp) {
        memory.putLong(dataOffset + offset + RECORD_SEQUENCE_OFFSET, sequence);
        memory.putLong(dataOffset + offset + RECORD_TIMESTAMP_OFFSET, timestamp);
        memory.putLong(dataOffset + offset, SegmentDescriptor.header(-recordLength, 0));
    }

    /** Publishes a record. Release: pairs with {@link #headerAcquire}; the payload and fields are visible first. */
    void publish(int offset, long header) {
        memory.putLongRelease(dataOffset + offset, header);
    }

    /**
     * Publishes a record unless a reader repaired it. CAS from the in-flight mark: pairs with
     * the repair's CAS and with {@link #headerAcquire}'s acquire (a successful CAS releases the
     * payload and fields).
     *
     * @return false when the mark was gone (repaired)
     */
    boolean publishIfMarked(int offset, int recordLength, long header) {
        return memory.compareAndSetLong(dataOffset + offset, SegmentDescriptor.header(-recordLength, 0), header);
    }

    /** Turns an uncommitted record into padding, unless its header changed. CAS: pairs with the claimer's commit. */
    boolean repair(int offset, long expectedHeader, int recordLength) {
        return memory.compareAndSetLong(dataOffset + offset, expectedHeader,
                SegmentDescriptor.header(recordLength - RECORD_HEADER_LENGTH, io.ipcring.channel.MessageFrame.PADDING_TYPE));
    }

    /** Copies a payload in at a file offset (absolute indexes; {@code src}'s position is untouched). */
    void putBytes(int fileOffset, ByteBuffer src, int srcOffset, int length) {
        memory.putBytes(fileOffset, src, srcOffset, length);
    }

    /** Copies a payload in at a file offset. */
    void putBytes(int fileOffset, byte[] src, int srcOffset, int length) {
        memory.putBytes(fileOffset, src, srcOffset, length);
    }

    /** @return a record's sequence field */
    long sequenceAt(int offset) {
        return memory.getLong(dataOffset + offset + RECORD_SEQUENCE_OFFSET);
    }

    /** @return a record's timestamp field */
    long timestampAt(int offset) {
        return memory.getLong(dataOffset + offset + RECORD_TIMESTAMP_OFFSET);
    }

    /** @return the number of index entries */
    int indexEntries() {
        return indexEntries;
    }

    /** @return records per index entry */
    int indexInterval() {
        return indexInterval;
    }

    /** Writes index entry {@code entry}: timestamp plain, then the record's file offset with release. */
    void writeIndex(int entry, int offset, long timestamp) {
        int at = INDEX_OFFSET + entry * INDEX_ENTRY_LENGTH;
        memory.putLong(at + ENTRY_TIMESTAMP_OFFSET, timestamp);
        // Release: pairs with indexOffset()'s acquire; the timestamp is visible first.
        memory.putLongRelease(at + ENTRY_RECORD_OFFSET, dataOffset + (long) offset);
    }

    /**
     * @return the data offset of index entry {@code entry}'s record, or -1 if not written
     * @throws JournalCorruptedException when it is outside the record space
     */
    int indexOffset(int entry) {
        int at = INDEX_OFFSET + entry * INDEX_ENTRY_LENGTH;
        // Acquire: pairs with writeIndex's release.
        long fileOffset = memory.getLongAcquire(at + ENTRY_RECORD_OFFSET);
        if (fileOffset == 0) {
            return -1;
        }
        long offset = fileOffset - dataOffset;
        if (offset < 0 || offset >= capacity || (offset & 7) != 0) {
            throw corrupted(at, "index entry=" + entry + " record offset=" + fileOffset + " is outside the records ["
                    + dataOffset + ", " + (dataOffset + (long) capacity) + ") or unaligned");
        }
        return (int) offset;
    }

    /** @return index entry {@code entry}'s timestamp; valid when {@link #indexOffset} is not -1 */
    long indexTimestamp(int entry) {
        return memory.getLong(INDEX_OFFSET + entry * INDEX_ENTRY_LENGTH + ENTRY_TIMESTAMP_OFFSET);
    }

    /** Unwrites index entries from {@code entry} on (for records a recovery cut off). Release: pairs with indexOffset()'s acquire. */
    void clearIndexFrom(int entry) {
        for (int e = entry; e < indexEntries; e++) {
            memory.putLongRelease(INDEX_OFFSET + e * INDEX_ENTRY_LENGTH + ENTRY_RECORD_OFFSET, 0L);
        }
    }

    /** msyncs the header lines (first sequence, period, claim word): an activation. */
    void syncHeader() {
        region.sync(0, INDEX_OFFSET);
    }

    /** msyncs the header, the index and the records up to data offset {@code end}. */
    void syncUpTo(int end) {
        region.sync(0, dataOffset + end);
    }

    /** msyncs the bytes of the record at data offset {@code offset}. */
    void syncRecord(int offset, int recordLength) {
        region.sync(dataOffset + offset, recordLength);
    }

    @Override
    public void close() {
        region.close();
    }
}
