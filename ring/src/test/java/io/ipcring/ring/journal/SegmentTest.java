package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.SharedMemoryException;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SegmentTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void aPreparedSegmentIsActivatedOnceWithTheFirstRollersValues() {
        Path path = paths.next("segment");
        Segment.create(path, 3, 64 * 1024, 8);
        SharedMemoryException again = assertThrows(SharedMemoryException.class, () -> Segment.create(path, 3, 64 * 1024, 8));
        assertEquals(SharedMemoryException.Reason.ALREADY_EXISTS, again.reason());
        try (Segment segment = Segment.open(path, 3, 64 * 1024, 8, false)) {
            assertEquals(SegmentDescriptor.UNSET_SEQUENCE, segment.firstSequence());
            assertEquals(100, segment.activate(100, 5_000, 1_000));
            assertEquals(100, segment.activate(100, 9_000, 2_000));
            assertEquals(5_000, segment.periodEnd());
            assertEquals(1_000, segment.activationTime());
            JournalCorruptedException e = assertThrows(JournalCorruptedException.class, () -> segment.activate(101, 1, 1));
            assertTrue(e.getMessage().contains("offset=" + SegmentDescriptor.FIRST_SEQUENCE_OFFSET), e.getMessage());
        }
    }

    @Test
    void aSegmentOfAnotherGeometryOrNumberIsRefusedNamingTheWord() {
        Path path = paths.next("segment");
        Segment.create(path, 3, 64 * 1024, 8);
        JournalCorruptedException number = assertThrows(JournalCorruptedException.class,
                () -> Segment.open(path, 4, 64 * 1024, 8, false));
        assertTrue(number.getMessage().contains("offset=" + SegmentDescriptor.NUMBER_OFFSET + ": segment number=3 (expected 4)"),
                number.getMessage());
        JournalCorruptedException interval = assertThrows(JournalCorruptedException.class,
                () -> Segment.open(path, 3, 64 * 1024, 4, false));
        assertTrue(interval.getMessage().contains("length="), interval.getMessage());
    }

    @Test
    void aFullSegmentsEndReadsAsAnUncommittedHeader() {
        Path path = paths.next("segment");
        Segment.create(path, 0, 64 * 1024, 8);
        try (Segment segment = Segment.open(path, 0, 64 * 1024, 8, true)) {
            assertEquals(0, segment.headerAcquire(64 * 1024));
            assertTrue(segment.readBuffer().isReadOnly());
        }
    }
}
