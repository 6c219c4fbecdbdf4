package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.SharedRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTargetTest {
    @Test
    void aJournalUriOrAJournalsDirectoryNamesAJournal(@TempDir Path dir) throws Exception {
        assertEquals(SharedRegion.defaultDirectory().resolve("orders"), JournalTarget.directoryOf("journal:orders"));
        assertEquals(dir.resolve("j"), JournalTarget.directoryOf("journal:" + dir.resolve("j")), "not there yet: still named");
        Path journal = Journals.withRecords(dir.resolve("j"), "a");
        assertEquals(journal, JournalTarget.directoryOf(journal.toString()));
        assertNull(JournalTarget.directoryOf(dir.toString()), "a directory without journal.meta");
        assertNull(JournalTarget.directoryOf(journal.resolve("journal.meta").toString()), "a file");
        assertNull(JournalTarget.directoryOf("shm:/orders"));
    }

    @Test
    void readingANonexistentJournalCreatesNothing(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        CliException e = assertThrows(CliException.class, () -> JournalTarget.openReadOnly(missing));
        assertEquals("no journal in " + missing + " (no journal.meta; a publisher on the journal: URI creates it)", e.getMessage());
        assertTrue(!Files.exists(missing));
    }
}
