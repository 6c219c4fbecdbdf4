package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retention: which segments go, who holds them, and what a reader whose place went gets. */
class JournalRetentionTest {
    /** 64 KiB segments of about 60 records of 1000 bytes, the last 2 kept. */
    static final JournalOptions RETAINED = JournalAppenderTest.SMALL.retention(JournalRetention.segments(2));
    private static final int PAYLOAD = 1000;

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static void append(JournalAppender appender, int count) {
        for (int i = 0; i < count; i++) {
            appender.offer(Records.payload(PAYLOAD, i), 0, PAYLOAD, 1);
        }
    }

    /** @return the activated segment numbers kept (the prepared next one left out) */
    private static List<Long> kept(Journal journal) {
        List<Long> kept = new ArrayList<>(journal.segments());
        kept.removeIf(n -> n > journal.currentSegment());
        return kept;
    }

    @Test
    void theTextFormParsesAndPrintsEachMeasure() {
        assertEquals(JournalRetention.none(), JournalRetention.parse("none"));
        assertEquals(JournalRetention.segments(3), JournalRetention.parse("segments:3"));
        assertEquals(JournalRetention.bytes(5L << 20), JournalRetention.parse("bytes:5m"));
        assertEquals(JournalRetention.bytes(1234), JournalRetention.parse("bytes:1234"));
        assertEquals(JournalRetention.time(Duration.ofHours(1)), JournalRetention.parse("time:PT1H"));
        for (String text : List.of("none", "segments:3", "bytes:1234", "time:PT1H")) {
            assertEquals(text, JournalRetention.parse(text).toString());
        }
        for (String bad : List.of("segments:0", "bytes:-1", "time:1h", "days:3", "segments")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalRetention.parse(bad));
            assertTrue(e.getMessage().contains(bad.contains(":") && !bad.startsWith("days") ? bad.substring(bad.indexOf(':') + 1)
                    : bad), e.getMessage());
        }
    }

    @Test
    void segmentsKeepsTheLastNAndTheAppenderThatRollsDeletes() throws Exception {
        try (Journal journal = Journal.open(paths.next("retain-segments"), RETAINED);
             JournalAppender appender = journal.appender()) {
            append(appender, 400);
            long current = journal.currentSegment();
            assertTrue(current >= 5, "current=" + current);
            assertEquals(List.of(current - 1, current), kept(journal));
            assertEquals(current - 1, journal.firstSegment());
            assertEquals(current - 1, journal.deletedSegments());
            try (JournalReader reader = journal.reader(JournalStart.first())) {
                Records got = Records.drain(reader, 1);
                assertEquals(journal.firstSequence(), got.sequences().get(0));
            }
        }
    }

    @Test
    void bytesKeepsTheNewestSegmentsThatFit() {
        long file = SegmentDescriptor.fileLength(RETAINED.rollBytes(), RETAINED.indexInterval());
        JournalOptions options = RETAINED.retention(JournalRetention.bytes(3 * file + file / 2));
        try (Journal journal = Journal.open(paths.next("retain-bytes"), options);
             JournalAppender appender = journal.appender()) {
            append(appender, 400);
            long current = journal.currentSegment();
            assertEquals(List.of(current - 2, current - 1, current), kept(journal));
        }
    }

    @Test
    void timeKeepsSegmentsUntilTheirSuccessorIsOlderThanTheAge() throws Exception {
        JournalOptions options = RETAINED.retention(JournalRetention.time(Duration.ofSeconds(1)));
        try (Journal journal = Journal.open(paths.next("retain-time"), options);
             JournalAppender appender = journal.appender()) {
            long start = System.nanoTime();
            append(appender, 200);
            long rolled = journal.currentSegment();
            if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(800)) {
                // (on a machine too loaded to append 200 records in 0.8 s the segments may already be old)
                assertEquals(0, journal.applyRetention(), "every segment is younger than 1 s");
                assertEquals(0, journal.firstSegment());
            }
            Thread.sleep(1200);
            // the segments before `rolled` ended more than 1 s ago; `rolled` is still current
            journal.applyRetention();
            assertEquals(rolled, journal.deletedSegments());
            assertEquals(List.of(rolled), kept(journal));
        }
    }

    @Test
    void noneKeepsEverything() {
        try (Journal journal = Journal.open(paths.next("retain-none"), JournalAppenderTest.SMALL);
             JournalAppender appender = journal.appender()) {
            append(appender, 200);
            assertEquals(0, journal.applyRetention());
            assertEquals(0, journal.firstSegment());
            assertEquals(journal.currentSegment() + 1, kept(journal).size());
        }
    }

    @Test
    void retentionIsStoredAndAReopenWithAnotherIsRefused() {
        Path dir = paths.next("retain-stored");
        Journal.open(dir, RETAINED).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Journal.open(dir, JournalAppenderTest.SMALL));
        assertTrue(e.getMessage().contains("retain=none (journal has segments:2)"), e.getMessage());
    }

    @Test
    void aReaderInADeletedSegmentFinishesItThenGetsTheFirstKeptSequenceAndGoesOn() throws Exception {
        try (Journal journal = Journal.open(paths.next("retain-truncated"), RETAINED);
             JournalAppender appender = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            append(appender, 10);
            assertEquals(5, reader.poll(new Records(), 5));
            append(appender, 400);
            assertTrue(journal.firstSegment() > 1, "first=" + journal.firstSegment());
            Records segmentZero = new Records();
            while (reader.segment() == 0) {
                reader.poll(segmentZero, 1000);
            }
            // segment 0's file is gone but its mapping is whole: the rest of it was read
            long endOfZero = 5 + segmentZero.records.size();
            assertEquals(5, segmentZero.sequences().get(0));
            JournalTruncatedException e = assertThrows(JournalTruncatedException.class,
                    () -> reader.poll(new Records(), 1000));
            assertEquals(endOfZero, e.lostFromSequence());
            assertEquals(journal.firstSequence(), e.firstKeptSequence());
            assertTrue(e.getMessage().contains("firstKeptSequence=" + journal.firstSequence()), e.getMessage());
            Records after = new Records();
            assertTrue(reader.poll(after, 10) > 0);
            assertEquals(journal.firstSequence(), after.sequences().get(0));
        }
    }

    @Test
    void aStartAtADeletedSequenceGetsTheExceptionAtItsFirstPoll() {
        try (Journal journal = Journal.open(paths.next("retain-seek"), RETAINED);
             JournalAppender appender = journal.appender()) {
            append(appender, 400);
            try (JournalReader reader = journal.reader(JournalStart.sequence(3))) {
                JournalTruncatedException e = assertThrows(JournalTruncatedException.class,
                        () -> reader.poll(new Records(), 10));
                assertEquals(3, e.lostFromSequence());
                assertEquals(journal.firstSequence(), e.firstKeptSequence());
            }
        }
    }

    @Test
    void aLiveNamedReaderHoldsItsSegmentsAndAClosedOneLosesThem() {
        try (Journal journal = Journal.open(paths.next("retain-named"), RETAINED);
             JournalAppender appender = journal.appender()) {
            try (JournalReader reader = journal.reader("slow", JournalStart.first())) {
                append(appender, 10);
                assertEquals(3, reader.poll(new Records(), 3));
                append(appender, 400);
                assertEquals(0, journal.firstSegment(), "the live reader's segment 0 is held");
                assertEquals(journal.currentSegment() + 1, kept(journal).size());
            }
            // closed: the name holds nothing any more
            assertTrue(journal.applyRetention() > 0);
            long first = journal.firstSequence();
            try (JournalReader reader = journal.reader("slow", JournalStart.first())) {
                JournalTruncatedException e = assertThrows(JournalTruncatedException.class,
                        () -> reader.poll(new Records(), 10));
                assertEquals(3, e.lostFromSequence());
                assertEquals(first, e.firstKeptSequence());
                Records next = new Records();
                assertEquals(10, reader.poll(next, 10));
                assertEquals(first, next.sequences().get(0));
            }
            try (JournalReader reader = journal.reader("slow", JournalStart.first())) {
                Records resumed = new Records();
                reader.poll(resumed, 1);
                assertEquals(first + 10, resumed.sequences().get(0), "the move past the gap was acknowledged");
            }
        }
    }

    @Test
    void aDeadNamedReaderDoesNotPinTheJournal() throws Exception {
        Path dir = paths.next("retain-dead");
        try (Journal journal = Journal.open(dir, RETAINED); JournalAppender appender = journal.appender()) {
            append(appender, 20);
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), JournalChild.class, "read", dir.toString(),
                    "dead", "retained")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!child.output().contains("ACK 20") && System.nanoTime() < deadline) {
                    assertTrue(child.process().isAlive(), child.output());
                    Thread.sleep(20);
                }
                assertTrue(child.output().contains("ACK 20"), child.output());
                child.kill();
            }
            assertEquals(20, journal.namedReaders().get("dead").nextSequence());
            append(appender, 400);
            assertEquals(journal.currentSegment() - 1, journal.firstSegment(), "the dead name held nothing");
        }
    }

    /**
     * An appender thread rolls and deletes while a live named reader (which holds its segments)
     * and an unnamed one (which holds none and may lose some) read in threads of their own.
     */
    @Test
    void deletingWhileReadersReadInThreads() throws Exception {
        int total = 3000;
        try (Journal journal = Journal.open(paths.next("retain-threads"), RETAINED)) {
            JournalReader named = journal.reader("all", JournalStart.first());
            JournalReader unnamed = journal.reader(JournalStart.first());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Long> namedGot = new ArrayList<>();
            long[] unnamedLast = {-1};
            int[] truncations = {0};
            Thread namedThread = new Thread(() -> {
                try {
                    Records got = Records.drain(named, total);
                    namedGot.addAll(got.sequences());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            Thread unnamedThread = new Thread(() -> {
                try {
                    Records got = new Records();
                    while (unnamedLast[0] < total - 1) {
                        try {
                            unnamed.poll(got, 3, 10, TimeUnit.MILLISECONDS);
                        } catch (JournalTruncatedException e) {
                            truncations[0]++;
                            assertTrue(e.lostFromSequence() > unnamedLast[0] && e.firstKeptSequence() > e.lostFromSequence(),
                                    e.getMessage());
                        }
                        for (Records.Record r : got.records) {
                            assertTrue(r.sequence() > unnamedLast[0], "sequence=" + r.sequence() + " after " + unnamedLast[0]);
                            unnamedLast[0] = r.sequence();
                        }
                        got.records.clear();
                        Thread.sleep(0, 100_000);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            namedThread.start();
            unnamedThread.start();
            try (JournalAppender appender = journal.appender()) {
                append(appender, total);
            }
            namedThread.join(60_000);
            unnamedThread.join(60_000);
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < total; i++) {
                expected.add(i);
            }
            assertEquals(expected, namedGot, "the live named reader lost nothing");
            assertEquals(total - 1, unnamedLast[0]);
            assertTrue(journal.deletedSegments() > 0);
            named.close();
            unnamed.close();
        }
    }

    /** A reader in a child JVM reads while this JVM appends and deletes: no crash, order kept. */
    @Test
    void deletingWhileAChildJvmReads() throws Exception {
        int total = 3000;
        Path dir = paths.next("retain-child");
        try (Journal journal = Journal.open(dir, RETAINED)) {
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), JournalChild.class, "tail", dir.toString(),
                    Integer.toString(total))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!child.output().contains("READING") && System.nanoTime() < deadline) {
                    assertTrue(child.process().isAlive(), child.output());
                    Thread.sleep(20);
                }
                try (JournalAppender appender = journal.appender()) {
                    append(appender, total);
                }
                assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                assertTrue(child.output().contains("TAILED " + (total - 1) + " TRUNCATED "), child.output());
                assertTrue(child.output().contains("ORDERED true"), child.output());
            }
            assertTrue(journal.deletedSegments() > 0);
        }
    }
}
