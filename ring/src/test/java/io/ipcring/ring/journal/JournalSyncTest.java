package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sync modes: their text form, when they msync, and what a power cut leaves. */
class JournalSyncTest {
    /** Small segments, a background msync every hour: in a test, only explicit syncs happen. */
    static final JournalOptions PERIODIC = JournalAppenderTest.SMALL.sync(JournalSync.periodic(Duration.ofHours(1)));

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void theTextFormParsesAndPrintsEachMode() {
        assertEquals(JournalSync.none(), JournalSync.parse("none"));
        assertEquals(JournalSync.always(), JournalSync.parse("always"));
        assertEquals(JournalSync.periodic(Duration.ofMillis(10)), JournalSync.parse("periodic:10ms"));
        assertEquals(JournalSync.periodic(Duration.ofSeconds(2)), JournalSync.parse("periodic:2s"));
        assertEquals(JournalSync.periodic(Duration.ofMillis(1)), JournalSync.parse("periodic:1000us"));
        assertEquals(JournalSync.periodic(Duration.ofMinutes(1)), JournalSync.parse("periodic:PT1M"));
        for (String text : List.of("none", "always", "periodic:10ms")) {
            assertEquals(text, JournalSync.parse(text).toString());
        }
        assertEquals(10_000_000L, JournalSync.parse("periodic:10ms").periodNanos());
    }

    @Test
    void periodsOutOfRangeAndOtherTextsAreRefusedByName() {
        for (String bad : List.of("periodic:0ms", "periodic:2h", "periodic:10", "sometimes", "periodic:xms")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalSync.parse(bad));
            assertTrue(e.getMessage().contains("sync=" + bad) || e.getMessage().contains("period="), e.getMessage());
        }
    }

    @Test
    void alwaysMsyncsEachCommitAndNoneNothingBeforeARoll() {
        try (Journal journal = Journal.open(paths.next("sync-always"), JournalAppenderTest.SMALL.sync(JournalSync.always()));
             JournalAppender appender = journal.appender()) {
            for (int i = 0; i < 10; i++) {
                appender.offer(new byte[100], 0, 100, 1);
            }
            int index = appender.tryClaim(10, 1);
            appender.commit(index);
            assertEquals(11, journal.syncs());
        }
        try (Journal journal = Journal.open(paths.next("sync-none"), JournalAppenderTest.SMALL);
             JournalAppender appender = journal.appender()) {
            for (int i = 0; i < 10; i++) {
                appender.offer(new byte[100], 0, 100, 1);
            }
            assertEquals(0, journal.syncs());
        }
    }

    @Test
    void theModeIsStoredAndAReopenWithAnotherIsRefused() {
        Path dir = paths.next("sync-stored");
        Journal.open(dir, PERIODIC).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Journal.open(dir, JournalAppenderTest.SMALL.sync(JournalSync.always())));
        assertTrue(e.getMessage().contains("sync=always (journal has periodic:3600000ms)"), e.getMessage());
    }

    @Test
    void periodicSyncsInABackgroundThreadWhileAnAppenderIsOpen() throws Exception {
        JournalOptions options = JournalAppenderTest.SMALL.sync(JournalSync.periodic(Duration.ofMillis(5)));
        try (Journal journal = Journal.open(paths.next("sync-periodic"), options)) {
            assertTrue(syncThreads() == 0, "no appender, no thread");
            try (JournalAppender appender = journal.appender()) {
                appender.offer(new byte[100], 0, 100, 1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (journal.syncs() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertTrue(journal.syncs() >= 2, "syncs=" + journal.syncs());
                assertEquals(1, syncThreads());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (syncThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, syncThreads(), "the last appender's close stops the thread");
        }
    }

    private static long syncThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("ipcring-journal-sync")).count();
    }

    /**
     * A power cut, simulated: a child JVM appends 20 records, msyncs, appends 15 more and is
     * killed; the file's records past the synced end are zeroed (what the disk holds of pages
     * never written back), the header page kept as the page cache had it (its claim word counts
     * all 35). The reopen cuts the tail, says where, keeps the 20 and appends after them.
     */
    @Test
    void aPowerCutLosesTheUnsyncedTailOnlyAndTheReopenSaysWhere() throws Exception {
        Path dir = paths.next("sync-power-cut");
        long syncedEnd;
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), JournalChild.class, "powercut", dir.toString(),
                "20", "15")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!child.output().contains("APPENDED") && System.nanoTime() < deadline) {
                assertTrue(child.process().isAlive(), child.output());
                Thread.sleep(20);
            }
            String line = child.output().lines().filter(l -> l.startsWith("SYNCED ")).findFirst().orElseThrow();
            syncedEnd = Long.parseLong(line.substring("SYNCED ".length()));
            child.kill();
        }
        Path segment = dir.resolve(SegmentDescriptor.fileName(0));
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(syncedEnd);
            file.write(new byte[(int) (file.length() - syncedEnd)]);
        }
        try (Journal journal = Journal.open(dir, PERIODIC)) {
            JournalTruncation cut = journal.truncation();
            assertEquals(new JournalTruncation(segment.toAbsolutePath(), syncedEnd, 20, 15, 15 * 1024), cut);
            assertEquals(20, journal.nextSequence());
            try (JournalAppender appender = journal.appender(); JournalReader reader = journal.reader(JournalStart.first())) {
                appender.offer(Records.payload(1000, 99), 0, 1000, 1);
                Records got = Records.drain(reader, 21);
                assertEquals(21, got.records.size());
                for (int i = 0; i < 20; i++) {
                    assertEquals(i, got.records.get(i).sequence());
                    assertArrayEquals(Records.payload(1000, i), got.records.get(i).payload());
                }
                assertEquals(20, got.records.get(20).sequence());
                assertArrayEquals(Records.payload(1000, 99), got.records.get(20).payload());
            }
        }
        try (Journal journal = Journal.open(dir, PERIODIC)) {
            assertEquals(null, journal.truncation(), "nothing to cut on the next open");
        }
    }
}
