package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.ProcessIdentity;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JournalInspectorTest {
    private static final JournalOptions SMALL = JournalAppenderTest.SMALL;

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void namedReadersShowTheirOwnerPositionAndLag() throws Exception {
        Path dir = paths.next("journal-inspect");
        try (Journal journal = Journal.open(dir, SMALL); JournalAppender appender = journal.appender()) {
            for (int i = 0; i < 10; i++) {
                appender.offer(Records.payload(100, i), 0, 100, 1);
            }
            try (JournalReader audit = journal.reader("audit", JournalStart.first())) {
                journal.reader("zeta", JournalStart.end()).close();
                assertEquals(4, audit.poll(new Records(), 4));
                try (Journal inspected = Journal.openReadOnly(dir)) {
                    List<JournalInspector.NamedReader> readers = JournalInspector.namedReaders(inspected);
                    assertEquals(List.of("audit", "zeta"), readers.stream().map(JournalInspector.NamedReader::name).toList());
                    assertEquals(ProcessIdentity.current().pid(), readers.get(0).owner().pid());
                    assertEquals(4, readers.get(0).position().nextSequence());
                    assertEquals(6, readers.get(0).lag(inspected.nextSequence()));
                    assertNull(readers.get(1).owner(), "a closed reader frees its name");
                    assertEquals(0, readers.get(1).lag(inspected.nextSequence()));
                }
            }
        }
    }

    @Test
    void aCorruptedPositionNamesTheFileAndOffset() throws Exception {
        Path dir = paths.next("journal-inspect");
        try (Journal journal = Journal.open(dir, SMALL)) {
            journal.reader("audit", JournalStart.first()).close();
        }
        Path position = dir.resolve(Journal.READERS_DIRECTORY).resolve("audit.pos");
        FileBytes.patchLong(position, ReaderPosition.ACTIVE_OFFSET, 7);
        try (Journal inspected = Journal.openReadOnly(dir)) {
            JournalCorruptedException e = assertThrows(JournalCorruptedException.class, () -> JournalInspector.namedReaders(inspected));
            assertTrue(e.getMessage().startsWith(position.toAbsolutePath() + ": corrupted journal at offset="
                    + ReaderPosition.ACTIVE_OFFSET + ": active copy=7"), e.getMessage());
        }
    }

    @Test
    void aJournalWithoutNamedReadersHasNone() {
        Path dir = paths.next("journal-inspect");
        try (Journal journal = Journal.open(dir, SMALL)) {
            assertEquals(List.of(), JournalInspector.namedReaders(journal));
        }
    }
}
