package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.ring.journal.JournalMetaDescriptor;
import io.ipcring.ring.journal.JournalStart;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.ReapedProcess;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ipcring ls} and {@code clean} on journals, found by {@link JournalScanner}. */
class JournalScannerTest {
    private static final long PID = ProcessHandle.current().pid();

    private final TestPaths paths = new TestPaths();
    private Path dir;

    @BeforeEach
    void createDirectory() throws Exception {
        dir = paths.directory("cli-journals");
    }

    @AfterEach
    void removeDirectory() {
        paths.close();
    }

    private static String line(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(name + " not in\n" + out));
    }

    /** A journal whose creator is dead and that nobody maps, with a named reader's file. */
    private Path orphanedJournal(String name) throws Exception {
        Path journal = Journals.withManyRecords(dir.resolve(name), 100);
        try (Journal j = Journal.open(journal, Journals.SMALL)) {
            j.reader("audit", JournalStart.first()).close();
        }
        Regions.orphan(journal.resolve(JournalMetaDescriptor.FILE_NAME));
        return journal;
    }

    @Test
    void lsShowsAJournalWithItsSegmentsOwnersAndMappers() throws Exception {
        Path journal = Journals.withManyRecords(dir.resolve("orders"), 100);
        try (Journal j = Journal.open(journal, Journals.SMALL); JournalAppender appender = j.appender()) {
            String row = line(Cli.run("ls", dir.toString()).out, "orders/");
            assertTrue(row.contains("journal, " + j.segments().size() + " segment(s)"), row);
            assertTrue(row.contains(PID + " alive") && !row.contains("abandoned"), row);
            // mapped by: the processes other than this one
            assertTrue(row.matches(".* " + PID + " +- *"), "owner (the appender) then mapped by: " + row);
        }
    }

    @Test
    void cleanRemovesAnAbandonedJournalWhole() throws Exception {
        Path journal = orphanedJournal("gone");
        String row = line(Cli.run("ls", dir.toString()).out, "gone/");
        assertTrue(row.contains(" dead ") && row.contains("abandoned"), row);
        Cli clean = Cli.run("clean", "--yes", dir.toString());
        assertEquals(0, clean.exitCode, clean.err);
        assertTrue(clean.out.contains("abandoned: " + journal + "/ (journal, 3 segment(s), creator"), clean.out);
        assertTrue(clean.out.contains("no appenders or named readers") && clean.out.contains("removed 0 file(s) and 1 journal(s)"),
                clean.out);
        assertFalse(Files.exists(journal));
        assertEquals("no ipcring regions in " + dir, Cli.run("ls", dir.toString()).out.trim());
    }

    @Test
    void aJournalWhoseReaderNameOrAppenderSlotALiveProcessHoldsIsKept() throws Exception {
        Path journal = orphanedJournal("kept");
        Path position = journal.resolve("readers").resolve("audit.pos");
        Path meta = journal.resolve(JournalMetaDescriptor.FILE_NAME);
        long live = ProcessIdentity.current().pack();
        long slotOwner = JournalMetaDescriptor.slotOffset(0) + JournalMetaDescriptor.SLOT_OWNER_OFFSET;
        FileBytes.patchLong(position, 64, live);
        assertTrue(Cli.run("clean", "--yes", dir.toString()).out.contains("nothing to clean"), "a live reader name");
        FileBytes.patchLong(position, 64, 0);
        FileBytes.patchLong(meta, slotOwner, live);
        String row = line(Cli.run("ls", dir.toString()).out, "kept/");
        assertTrue(row.matches(".* " + PID + " +- *"), "the live appender, nobody mapping: " + row);
        assertTrue(Cli.run("clean", "--yes", dir.toString()).out.contains("nothing to clean"), "a live appender");
        long dead = ReapedProcess.observed(pid -> ProcessIdentity.of(pid).pack());
        FileBytes.patchLong(meta, slotOwner, dead);
        Cli clean = Cli.run("clean", "--yes", dir.toString());
        assertTrue(clean.out.contains("every appender and named reader dead") && clean.out.contains("1 journal(s)"), clean.out);
        assertFalse(Files.exists(journal));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aJournalAProcessMapsAFileOfIsKept() throws Exception {
        Path journal = orphanedJournal("mapped");
        Path segment = journal.resolve("00000000000000000001.seg");
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), MapAndWait.class, segment.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ProcessMaps.mappers(List.of(segment)).getOrDefault(segment, Set.of()).contains(child.pid())) {
                assertTrue(System.nanoTime() < deadline, "child never mapped the segment: " + child.output());
                Thread.sleep(20);
            }
            String row = line(Cli.run("ls", dir.toString()).out, "mapped/");
            assertTrue(row.matches(".* - +" + child.pid() + " *"), "no owners, mapped by the child: " + row);
            assertTrue(Cli.run("clean", "--yes", dir.toString()).out.contains("nothing to clean"));
            assertTrue(Files.exists(segment));
        }
    }

    @Test
    void anotherFileInAJournalsDirectoryIsNeverRemoved() throws Exception {
        Path journal = orphanedJournal("mixed");
        Path notes = Files.writeString(journal.resolve("notes.txt"), "mine");
        Cli clean = Cli.run("clean", "--yes", dir.toString());
        assertTrue(clean.out.contains("kept " + journal + "/: 1 entry in it not a journal's"), clean.out);
        assertEquals(List.of(notes), Files.list(journal).toList());
    }

    @Test
    void aJournalsFilesAloneAreNamedAndNeverAbandoned() throws Exception {
        Path journal = orphanedJournal("parts");
        for (Path part : new Path[] {journal.resolve(JournalMetaDescriptor.FILE_NAME), journal.resolve("00000000000000000000.seg")}) {
            Regions.orphan(part);
        }
        Cli ls = Cli.run("ls", journal.toString());
        assertTrue(line(ls.out, "journal.meta").contains("journal meta"), ls.out);
        assertTrue(line(ls.out, "00000000000000000000.seg").contains("journal segment"), ls.out);
        assertFalse(ls.out.contains("abandoned"), ls.out);
        assertTrue(Cli.run("clean", "--yes", journal.toString()).out.contains("nothing to clean"));
        assertTrue(Files.exists(journal.resolve("00000000000000000000.seg")));
        Cli stat = Cli.run("stat", journal.resolve("readers").resolve("audit.pos").toString());
        assertTrue(stat.out.contains("journal reader position") && stat.out.contains("ipcring stat journal:" + journal), stat.out);
    }
}
