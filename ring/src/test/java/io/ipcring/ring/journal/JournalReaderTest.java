package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.testsupport.AllocationMeter;
import io.ipcring.testsupport.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class JournalReaderTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    /** Appends {@code count} 1000-byte records (64 a segment) and returns their timestamps. */
    private static List<Long> append(Journal journal, int count) {
        List<Long> times = new ArrayList<>();
        try (JournalAppender appender = journal.appender()) {
            for (int i = 0; i < count; i++) {
                appender.offer(Records.payload(1000, i), 0, 1000, 1);
                times.add(appender.claimTimestamp());
            }
        }
        return times;
    }

    private static long firstDelivered(Journal journal, JournalStart start) throws InterruptedException {
        try (JournalReader reader = journal.reader(start)) {
            Records got = new Records();
            reader.poll(got, 1, 10, TimeUnit.MILLISECONDS);
            return got.records.isEmpty() ? -1 : got.records.get(0).sequence();
        }
    }

    @Test
    void aSequenceStartDeliversThatRecordFirstAtSegmentBoundariesAndInside() throws Exception {
        try (Journal journal = Journal.open(paths.next("seekseq"), JournalAppenderTest.SMALL)) {
            append(journal, 300);
            for (long s : new long[] {0, 1, 3, 4, 5, 63, 64, 65, 127, 128, 200, 255, 256, 299}) {
                assertEquals(s, firstDelivered(journal, JournalStart.sequence(s)), "sequence " + s);
                try (JournalReader reader = journal.reader(JournalStart.sequence(s))) {
                    // placed by the index (an entry every 4 records), not by a scan from the start
                    assertEquals(s - s % 4, reader.nextSequence(), "sequence " + s);
                    assertEquals(s / 64, reader.segment(), "sequence " + s);
                }
            }
            assertEquals(-1, firstDelivered(journal, JournalStart.sequence(300)));
            try (JournalReader reader = journal.reader(JournalStart.sequence(302))) {
                append(journal, 5);
                assertEquals(List.of(302L, 303L, 304L), Records.drain(reader, 3).sequences());
            }
        }
    }

    @Test
    void aTimeStartDeliversTheFirstRecordAtOrAfterIt() throws Exception {
        try (Journal journal = Journal.open(paths.next("seektime"), JournalAppenderTest.SMALL)) {
            List<Long> times = append(journal, 300);
            for (int k : new int[] {0, 1, 5, 63, 64, 65, 128, 250, 299}) {
                long t = times.get(k);
                int expected = 0;
                while (times.get(expected) < t) {
                    expected++;
                }
                assertEquals(expected, firstDelivered(journal, JournalStart.time(Instant.ofEpochSecond(0, t))), "record " + k);
                try (JournalReader reader = journal.reader(JournalStart.time(Instant.ofEpochSecond(0, t)))) {
                    // placed at the last index entry (every 4 records) timed before t
                    assertEquals(Math.max(0, k % 4 == 0 ? k - 4 : k - k % 4), reader.nextSequence(), "record " + k);
                }
                // a time between two records gives the later one
                if (k > 0 && times.get(k - 1) < t - 1) {
                    assertEquals(k, firstDelivered(journal, JournalStart.time(Instant.ofEpochSecond(0, t - 1))), "before " + k);
                }
            }
            assertEquals(0, firstDelivered(journal, JournalStart.time(Instant.EPOCH)));
        }
    }

    @Test
    void anEndStartDeliversOnlyLaterRecordsAndATimedPollWakesForThem() throws Exception {
        try (Journal journal = Journal.open(paths.next("end"), JournalAppenderTest.SMALL)) {
            append(journal, 70);
            try (JournalReader reader = journal.reader(JournalStart.end())) {
                assertEquals(70, reader.nextSequence());
                Thread later = new Thread(() -> append(journal, 1));
                later.start();
                Records got = new Records();
                assertEquals(1, reader.poll(got, 10, 10, TimeUnit.SECONDS));
                later.join();
                assertEquals(List.of(70L), got.sequences());
            }
        }
    }

    @Test
    void aNamedReaderResumesAfterItsLastAcknowledgedBatchAndItsNameIsHeldOnce() throws Exception {
        Path dir = paths.next("named");
        try (Journal journal = Journal.open(dir, JournalAppenderTest.SMALL)) {
            append(journal, 100);
            try (JournalReader reader = journal.reader("audit", JournalStart.first())) {
                Records got = new Records();
                assertEquals(5, reader.poll(got, 5));
                assertEquals(70, reader.poll(got, 70));
                RingSlotsTakenException taken = assertThrows(RingSlotsTakenException.class,
                        () -> journal.reader("audit", JournalStart.first()));
                assertTrue(taken.getMessage().contains("audit.pos"), taken.getMessage());
            }
        }
        try (Journal journal = Journal.open(dir, JournalAppenderTest.SMALL);
             JournalReader reader = journal.reader("audit", JournalStart.first())) {
            assertEquals(75, reader.nextSequence());
            assertEquals(1, reader.segment());
            Records got = Records.drain(reader, 25);
            assertEquals(75L, got.sequences().get(0));
            assertEquals(25, got.records.size());
            assertThrows(IllegalArgumentException.class, () -> journal.reader("../x", JournalStart.first()));
        }
    }

    @Test
    void aHandlerThatThrowsHasItsRecordAcknowledged() throws Exception {
        Path dir = paths.next("throws");
        try (Journal journal = Journal.open(dir, JournalAppenderTest.SMALL)) {
            append(journal, 5);
            try (JournalReader reader = journal.reader("r", JournalStart.first())) {
                assertThrows(IllegalStateException.class, () -> reader.poll((s, t, type, b, o, l) -> {
                    if (s == 2) {
                        throw new IllegalStateException("poison");
                    }
                }, 10));
            }
            try (JournalReader reader = journal.reader("r", JournalStart.first())) {
                assertEquals(3, reader.nextSequence());
            }
        }
    }

    /**
     * The process runs as root here, which file modes do not stop, so the test checks what a
     * reader without write permission needs: every file of the journal that it opens is open
     * read-only ({@code /proc/self/fdinfo} flags), it reads every record, and the files, made
     * 0444, are unchanged.
     */
    @Test
    void aReadOnlyJournalOpensEveryFileReadOnlyAndReplaysEverything() throws Exception {
        Path dir = paths.next("readonly");
        try (Journal journal = Journal.open(dir, JournalAppenderTest.SMALL)) {
            append(journal, 150);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        }
        long before = files.stream().mapToLong(JournalReaderTest::modified).sum();
        try (Journal journal = Journal.openReadOnly(dir);
             JournalReader reader = journal.reader(JournalStart.first())) {
            Records got = Records.drain(reader, 150);
            assertEquals(150, got.records.size());
            assertEquals(149L, got.sequences().get(149));
            List<String> modes = openModes(dir);
            assertTrue(modes.size() >= 2, "meta and a segment are open: " + modes);
            for (String mode : modes) {
                assertTrue(mode.endsWith(" O_RDONLY"), modes.toString());
            }
            assertThrows(IllegalStateException.class, () -> journal.reader("x", JournalStart.first()));
            assertThrows(IllegalStateException.class, journal::appender);
        }
        assertEquals(before, files.stream().mapToLong(JournalReaderTest::modified).sum());
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** @return for each descriptor of this process open on a file in {@code dir}: "path O_RDONLY" or "path O_RDWR" */
    private static List<String> openModes(Path dir) throws IOException {
        List<String> modes = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException gone) {
                    continue;
                }
                if (!target.startsWith(dir)) {
                    continue;
                }
                String flags = Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString())).stream()
                        .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().substring(6).trim();
                int access = Integer.parseInt(flags, 8) & 3;
                modes.add(target + (access == 0 ? " O_RDONLY" : " O_RDWR"));
            }
        }
        return modes;
    }

    @Test
    void steadyStateAppendsAndPollsAllocateNothing() throws Exception {
        Assumptions.assumeTrue(AllocationMeter.isAvailable(), "this JVM does not count per-thread allocation");
        int warmup = 50_000;
        int measured = 200_000;
        // three 32-byte records a round: 24 MB in all, under half of a 64 MiB segment (no roll, no file created)
        try (Journal journal = Journal.open(paths.next("alloc"), JournalOptions.defaults());
             JournalAppender appender = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            byte[] array = new byte[8];
            ByteBuffer buffer = ByteBuffer.allocateDirect(8);
            long[] sum = new long[1];
            MessageHandler plain = (type, b, offset, length) -> sum[0] += b.get(offset);
            JournalHandler full = (sequence, timestamp, type, b, offset, length) -> sum[0] += sequence;
            long start = 0;
            for (int i = 0; i < warmup + measured; i++) {
                if (i == warmup) {
                    start = AllocationMeter.threadAllocatedBytes();
                }
                appender.offer(array, 0, 8, 1);
                appender.offer(buffer, 0, 8, 2);
                int index = appender.tryClaim(8, 3);
                appender.buffer().putLong(index, i);
                appender.commit(index);
                assertEquals(1, reader.poll(plain, 1));
                assertEquals(1, reader.poll(full, 1));
                assertEquals(1, reader.poll(plain, 1, 1, TimeUnit.SECONDS));
            }
            long bytes = AllocationMeter.threadAllocatedBytes() - start;
            assertTrue((double) bytes / measured < 1, "allocated " + bytes + " bytes in " + measured + " rounds");
            assertEquals(0, journal.currentSegment());
        }
    }
}
