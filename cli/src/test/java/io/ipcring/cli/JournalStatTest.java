package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ipcring stat journal:…}, which {@link StatCommand} hands to {@link JournalStat}. */
class JournalStatTest {
    private static final long PID = ProcessHandle.current().pid();

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static boolean row(Cli r, String label, String valueRegex) {
        return r.out.lines().anyMatch(l -> l.matches("\\s+" + label + "\\s+" + valueRegex));
    }

    @Test
    void showsSegmentsSequencesAppendersAndNamedReadersWithTheirLag() throws Exception {
        Path dir = Journals.withManyRecords(paths.next("stat"), 200);
        try (Journal journal = Journal.open(dir, Journals.SMALL); JournalAppender appender = journal.appender();
             JournalReader audit = journal.reader("audit", JournalStart.first())) {
            journal.reader("idle", JournalStart.end()).close();
            assertEquals(50, audit.poll((sequence, timestamp, type, buffer, offset, length) -> { }, 50));
            long segments = journal.segments().size();
            assertTrue(segments >= 3, "rolled: " + journal.segments());
            for (String target : new String[] {"journal:" + dir, dir.toString()}) {
                Cli r = Cli.run("stat", target);
                assertEquals(0, r.exitCode, r.err);
                assertTrue(r.out.startsWith(dir.toAbsolutePath() + "\n"), r.out);
                assertTrue(row(r, "kind", "journal, layout version 1"), r.out);
                assertTrue(row(r, "options", "segments of 65,536 bytes, roll none, max message 1,024, 16 appender slots, .*"), r.out);
                assertTrue(row(r, "keeping", "retain none, sync none"), r.out);
                assertTrue(row(r, "history", "\\d+ roll\\(s\\), 0 dead appender claim\\(s\\) repaired, 0 segment\\(s\\) deleted, 0 msync\\(s\\)"), r.out);
                assertTrue(row(r, "created", ".* by pid \\d+ \\((alive|dead)\\)"), r.out);
                assertTrue(row(r, "segments", segments + " file\\(s\\) \\(0\\.\\." + (segments - 1) + "\\), first kept 0, current "
                        + journal.currentSegment() + "; [0-9,]+ bytes in all"), r.out);
                assertTrue(row(r, "sequences", "first 0, next 200"), r.out);
                assertTrue(row(r, "appenders", "pid " + PID + " \\(alive\\)"), r.out);
                assertTrue(row(r, "reader 'audit'", "next sequence 50, lag 150, held by pid " + PID + " \\(alive\\)"), r.out);
                assertTrue(row(r, "reader 'idle'", "next sequence 200, lag 0, free"), r.out);
            }
        }
        Cli closed = Cli.run("stat", "journal:" + dir);
        assertTrue(row(closed, "appenders", "none") && row(closed, "reader 'audit'", ".*, free"), closed.out);
    }

    @Test
    void aCorruptedJournalIsOneLineNamingFileAndOffset() throws Exception {
        Path dir = Journals.withRecords(paths.next("stat"), "a");
        try (Journal journal = Journal.open(dir, Journals.SMALL)) {
            journal.reader("audit", JournalStart.first()).close();
        }
        Path position = dir.resolve("readers").resolve("audit.pos");
        FileBytes.patchLong(position, 128, 9);
        Cli r = Cli.run("stat", "journal:" + dir);
        assertEquals(IpcringCli.EXIT_FAILURE, r.exitCode);
        assertEquals("ipcring stat: " + position.toAbsolutePath() + ": corrupted journal at offset=128: active copy=9 (expected 0 or 1)",
                r.err.trim());
        assertEquals("", r.out, "no half report");
    }

    @Test
    void aMissingJournalIsOneLine() {
        Path missing = paths.next("stat");
        Cli r = Cli.run("stat", "journal:" + missing);
        assertEquals("ipcring stat: no journal in " + missing + " (no journal.meta; a publisher on the journal: URI creates it)",
                r.err.trim());
    }
}
