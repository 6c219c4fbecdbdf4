package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageFrame;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JournalTest {
    private static final JournalOptions SMALL = JournalAppenderTest.SMALL;
    private static final int DATA = SegmentDescriptor.dataOffset(SMALL.rollBytes(), SMALL.indexInterval());

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private Path journalWith(int records) {
        Path dir = paths.next("journal");
        try (Journal journal = Journal.open(dir, SMALL); JournalAppender appender = journal.appender()) {
            for (int i = 0; i < records; i++) {
                appender.offer(Records.payload(1000, i), 0, 1000, 1);
            }
        }
        return dir;
    }

    private static void assertCorrupted(Path file, long offset, Executable call) {
        JournalCorruptedException e = assertThrows(JournalCorruptedException.class, call);
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": corrupted journal at offset=" + offset + ": "),
                e.getMessage());
    }

    private static void readAll(Path dir) throws Exception {
        try (Journal journal = Journal.open(dir, SMALL); JournalReader reader = journal.reader(JournalStart.first())) {
            while (reader.poll(new Records(), 1000) > 0) {
                // drain
            }
        }
    }

    @Test
    void aReopenWithOtherOptionsNamesEachDifference() {
        Path dir = journalWith(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Journal.open(dir, SMALL.rollBytes(128 * 1024).indexInterval(8)));
        assertTrue(e.getMessage().contains("rollBytes=131072 (journal has 65536)"), e.getMessage());
        assertTrue(e.getMessage().contains("indexInterval=8 (journal has 4)"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve(JournalMetaDescriptor.FILE_NAME).toAbsolutePath().toString()),
                e.getMessage());
    }

    @Test
    void statisticsNameSegmentsSequencesAndAppenders() {
        Path dir = journalWith(130);
        try (Journal journal = Journal.open(dir, SMALL)) {
            assertEquals(List.of(0L, 1L, 2L), journal.segments());
            assertEquals(2, journal.currentSegment());
            assertEquals(130, journal.nextSequence());
            assertEquals(0, journal.firstSequence());
            assertEquals(List.of(), journal.appenders());
            try (JournalAppender appender = journal.appender()) {
                assertEquals(List.of(ProcessIdentity.current()), journal.appenders());
            }
            try (JournalReader a = journal.reader("a", JournalStart.first());
                 JournalReader b = journal.reader("b", JournalStart.sequence(100))) {
                a.poll(new Records(), 70);
                assertEquals(java.util.Map.of("a", new JournalPosition(1, 6 * 1024, 70), "b", new JournalPosition(1, 36 * 1024, 100)),
                        journal.namedReaders());
            }
        }
    }

    @Test
    void aCorruptedMetaNamesTheFileAndOffset() throws Exception {
        Path dir = journalWith(1);
        Path meta = dir.resolve(JournalMetaDescriptor.FILE_NAME);
        FileBytes.patchInt(meta, JournalMetaDescriptor.ROLL_PERIOD_OFFSET, 99);
        assertCorrupted(meta, JournalMetaDescriptor.ROLL_PERIOD_OFFSET, () -> Journal.open(dir, SMALL));
        FileBytes.patchInt(meta, JournalMetaDescriptor.ROLL_PERIOD_OFFSET, 0);
        FileBytes.patchLong(meta, JournalMetaDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET, -1);
        assertCorrupted(meta, JournalMetaDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET, () -> Journal.open(dir, SMALL));
        FileBytes.patchLong(meta, JournalMetaDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET, 0);
        FileBytes.patchLong(meta, JournalMetaDescriptor.CURRENT_SEGMENT_OFFSET, -5);
        assertCorrupted(meta, JournalMetaDescriptor.CURRENT_SEGMENT_OFFSET, () -> Journal.open(dir, SMALL));
        try (RandomAccessFile f = new RandomAccessFile(meta.toFile(), "rw")) {
            f.setLength(100);
        }
        assertCorrupted(meta, 0, () -> Journal.open(dir, SMALL));
    }

    @Test
    void aCorruptedSegmentNamesTheFileAndOffset() throws Exception {
        Path dir = journalWith(10);
        Path segment = dir.resolve(SegmentDescriptor.fileName(0));
        FileBytes.patchLong(segment, SegmentDescriptor.CLAIM_OFFSET, SegmentDescriptor.claimWord(10, 1 << 30));
        assertCorrupted(segment, SegmentDescriptor.CLAIM_OFFSET, () -> readAll(dir));
        FileBytes.patchLong(segment, SegmentDescriptor.CLAIM_OFFSET, SegmentDescriptor.claimWord(10, 10 * 1024));
        // the second record's header: a length past the maximum
        FileBytes.patchInt(segment, DATA + 1024 + MessageFrame.LENGTH_OFFSET, 1 << 30);
        assertCorrupted(segment, DATA + 1024, () -> readAll(dir));
        FileBytes.patchInt(segment, DATA + 1024 + MessageFrame.LENGTH_OFFSET, 1000);
        FileBytes.patchInt(segment, DATA + 1024 + MessageFrame.TYPE_OFFSET, -7);
        assertCorrupted(segment, DATA + 1024, () -> readAll(dir));
        FileBytes.patchInt(segment, DATA + 1024 + MessageFrame.TYPE_OFFSET, 1);
        FileBytes.patchLong(segment, DATA + 1024 + SegmentDescriptor.RECORD_SEQUENCE_OFFSET, 77);
        assertCorrupted(segment, DATA + 1024 + SegmentDescriptor.RECORD_SEQUENCE_OFFSET, () -> readAll(dir));
        FileBytes.patchLong(segment, DATA + 1024 + SegmentDescriptor.RECORD_SEQUENCE_OFFSET, 1);
        FileBytes.patchLong(segment, SegmentDescriptor.NUMBER_OFFSET, 9);
        assertCorrupted(segment, SegmentDescriptor.NUMBER_OFFSET, () -> readAll(dir));
        FileBytes.patchLong(segment, SegmentDescriptor.NUMBER_OFFSET, 0);
        FileBytes.patchLong(segment, SegmentDescriptor.INDEX_OFFSET + SegmentDescriptor.INDEX_ENTRY_LENGTH, 5);
        try (Journal journal = Journal.open(dir, SMALL)) {
            assertCorrupted(segment, SegmentDescriptor.INDEX_OFFSET + SegmentDescriptor.INDEX_ENTRY_LENGTH,
                    () -> journal.reader(JournalStart.sequence(5)).close());
        }
        readAll(dir);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(4096);
        }
        assertCorrupted(segment, 0, () -> readAll(dir));
    }

    @Test
    void aCorruptedReaderPositionNamesTheFileAndOffset() throws Exception {
        Path dir = journalWith(10);
        Path position = dir.resolve(Journal.READERS_DIRECTORY).resolve("r.pos");
        try (Journal journal = Journal.open(dir, SMALL); JournalReader reader = journal.reader("r", JournalStart.first())) {
            reader.poll(new Records(), 4);
        }
        FileBytes.patchLong(position, ReaderPosition.ACTIVE_OFFSET, 7);
        try (Journal journal = Journal.open(dir, SMALL)) {
            assertCorrupted(position, ReaderPosition.ACTIVE_OFFSET, () -> journal.reader("r", JournalStart.first()));
            FileBytes.patchLong(position, ReaderPosition.ACTIVE_OFFSET, 1);
            long copy = ReaderPosition.COPY_OFFSET + ReaderPosition.COPY_LENGTH;
            FileBytes.patchLong(position, copy + ReaderPosition.OFFSET, 5 * 1024 + 3);
            assertCorrupted(position, copy + ReaderPosition.OFFSET, () -> journal.reader("r", JournalStart.first()));
            FileBytes.patchLong(position, copy + ReaderPosition.OFFSET, 4 * 1024);
            FileBytes.patchLong(position, copy + ReaderPosition.SEGMENT, 3);
            assertCorrupted(position, copy + ReaderPosition.SEGMENT, () -> journal.reader("r", JournalStart.first()));
            FileBytes.patchLong(position, copy + ReaderPosition.SEGMENT, 0);
            FileBytes.patchLong(position, copy + ReaderPosition.SEQUENCE, 1000);
            assertCorrupted(position, copy + ReaderPosition.SEQUENCE, () -> journal.reader("r", JournalStart.first()));
            FileBytes.patchLong(position, copy + ReaderPosition.SEQUENCE, 4);
            try (JournalReader reader = journal.reader("r", JournalStart.first())) {
                assertEquals(4, reader.nextSequence());
            }
        }
    }
}
