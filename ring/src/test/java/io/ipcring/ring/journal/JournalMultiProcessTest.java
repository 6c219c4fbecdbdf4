package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Appenders and readers in several JVMs, some killed with SIGKILL. */
class JournalMultiProcessTest {
    static final JournalOptions OPTIONS = JournalOptions.defaults().rollBytes(64 * 1024).maxMessageLength(1024)
            .indexInterval(16);
    /** 1 MiB segments, files of about 1.04 MiB: more than the full-disk test's file size limit. */
    static final JournalOptions FULL_OPTIONS = OPTIONS.rollBytes(1 << 20);
    private static final long FILE_SIZE_LIMIT = 600_000;

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static String awaitLine(ChildJvm child, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String found = null;
            for (String line : child.output().lines().toList()) {
                if (line.startsWith(prefix)) {
                    found = line;
                }
            }
            if (found != null) {
                return found;
            }
            assertTrue(child.process().isAlive(), child.output());
            Thread.sleep(20);
        }
        throw new AssertionError("no line " + prefix + " from the child: " + child.output());
    }

    @Test
    void anAppenderKilledBetweenClaimAndCommitIsRepairedAndLaterAppendsAreRead() throws Exception {
        Path dir = paths.next("killed-appender");
        try (Journal journal = Journal.open(dir, OPTIONS)) {
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), JournalChild.class, "claim", dir.toString())) {
                assertEquals("CLAIMED 0", awaitLine(child, "CLAIMED"));
                child.kill();
            }
            try (JournalAppender appender = journal.appender();
                 JournalReader reader = journal.reader(JournalStart.first())) {
                appender.offer(Records.payload(8, 1), 0, 8, 2);
                Records got = Records.drain(reader, 1);
                assertEquals(List.of(1L), got.sequences());
                assertEquals(1, journal.repairs());
            }
        }
    }

    /**
     * A file system too small for the next segment, simulated by a file size limit
     * ({@code prlimit --fsize}) on a child JVM that appends: the append that crosses half of the
     * segment, where the next one is prepared, throws naming the file; no SIGBUS, nothing lost.
     */
    @Test
    void aFullFileSystemIsAClearExceptionWhenTheNextSegmentIsPrepared() throws Exception {
        assertTrue(SegmentDescriptor.fileLength(FULL_OPTIONS.rollBytes(), FULL_OPTIONS.indexInterval()) > FILE_SIZE_LIMIT);
        Path dir = paths.next("full");
        try (Journal journal = Journal.open(dir, FULL_OPTIONS)) {
            try (ChildJvm child = ChildJvm.start(List.of("prlimit", "--fsize=" + FILE_SIZE_LIMIT), ChildJvm.thisJava(),
                    ChildJvmFlags.forIpcring(), ChildJvm.thisClassPath(), JournalChild.class, "fill", dir.toString())) {
                assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                String output = child.output();
                assertTrue(output.contains("APPENDED 512\n"), output);
                assertTrue(output.contains("FAILED io.ipcring.sync.SharedMemoryException: ")
                        && output.contains(SegmentDescriptor.fileName(1)), output);
            }
            assertEquals(List.of(0L), journal.segments());
            try (JournalReader reader = journal.reader(JournalStart.first())) {
                assertEquals(512, Records.drain(reader, 512).records.size());
            }
        }
    }

    /**
     * After a full file system at the roll, the next append once space is back retries the
     * next segment's creation and succeeds: the child's file size limit is lifted
     * ({@code prlimit --pid}) after its failure, and its next append lands in segment 1.
     */
    @Test
    void anAppendAfterTheFileSystemHasRoomAgainCreatesTheNextSegment() throws Exception {
        Path dir = paths.next("full-retry");
        Path go = paths.next("full-retry-go");
        Journal.open(dir, FULL_OPTIONS).close(); // segment 0 made here, without the limit
        // a soft limit only: the child's owner may raise it again without privileges
        try (ChildJvm child = ChildJvm.start(List.of("prlimit", "--fsize=" + FILE_SIZE_LIMIT + ":unlimited"),
                ChildJvm.thisJava(), ChildJvmFlags.forIpcring(), ChildJvm.thisClassPath(), JournalChild.class, "fillretry", dir.toString(),
                go.toString())) {
            assertEquals("FAILED NO_SPACE", awaitLine(child, "FAILED"));
            Process lift = new ProcessBuilder("prlimit", "--pid", Long.toString(child.pid()), "--fsize=unlimited")
                    .redirectErrorStream(true).start();
            assertEquals(0, lift.waitFor(), new String(lift.getInputStream().readAllBytes()));
            Files.createFile(go);
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertTrue(child.output().contains("RETRIED 512 SEGMENTS [0, 1]"), child.output());
        }
    }

    /**
     * A reader with read permission only: a child JVM run as user nobody ({@code setpriv}) on a
     * copy of the class path it can read, against journal files of mode 0444 owned by root.
     */
    @Test
    void aProcessWithReadPermissionOnlyReplaysTheJournal() throws Exception {
        Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root")
                && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to run a child as nobody");
        Path dir = paths.next("readonly");
        try (Journal journal = Journal.open(dir, OPTIONS); JournalAppender appender = journal.appender()) {
            JournalChild.append(appender, 0, 2_000);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
        Path classes = Files.createTempDirectory(Path.of("/tmp"), "ipcring-test-classpath-");
        try {
            List<String> copied = new ArrayList<>();
            int i = 0;
            for (String entry : ChildJvm.thisClassPath().split(java.io.File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) {
                    continue;
                }
                Path to = classes.resolve(Integer.toString(i++)).resolve(from.getFileName());
                copyTree(from, to);
                copied.add(to.toString());
            }
            setReadable(classes);
            List<String> launcher = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
            try (ChildJvm child = ChildJvm.start(launcher, ChildJvm.thisJava(), ChildJvmFlags.forIpcring(),
                    String.join(java.io.File.pathSeparator, copied), JournalChild.class, "replay", dir.toString())) {
                assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                assertTrue(child.output().contains("REPLAYED 2000 LAST 1999"), child.output());
            }
            // the same user cannot open the journal for writing: the files really are read-only to it
            try (ChildJvm child = ChildJvm.start(launcher, ChildJvm.thisJava(), ChildJvmFlags.forIpcring(),
                    String.join(java.io.File.pathSeparator, copied), JournalChild.class, "read", dir.toString(), "x")) {
                assertTrue(child.waitFor(60, TimeUnit.SECONDS) != 0, child.output());
                assertTrue(child.output().contains("PERMISSION_DENIED") || child.output().contains("AccessDenied"),
                        child.output());
            }
        } finally {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.toList()) {
                    if (Files.isDirectory(p)) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                    }
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void setReadable(Path root) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    @Test
    void aNamedReaderKilledMidStreamResumesWithAtMostItsBatchInFlightAgain() throws Exception {
        Path dir = paths.next("killed-reader");
        try (Journal journal = Journal.open(dir, OPTIONS)) {
            try (JournalAppender appender = journal.appender()) {
                JournalChild.append(appender, 0, 20_000);
            }
            long acknowledged;
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), JournalChild.class, "read", dir.toString(), "r")) {
                awaitLine(child, "ACK 1000");
                child.kill();
                String last = awaitLast(child.output());
                acknowledged = Long.parseLong(last.substring(4));
            }
            try (JournalReader reader = journal.reader("r", JournalStart.first())) {
                long resumed = reader.nextSequence();
                assertTrue(resumed >= acknowledged && resumed <= acknowledged + 10,
                        "resumed=" + resumed + " last acknowledged=" + acknowledged);
                assertTrue(acknowledged < 20_000, "killed before the end");
            }
        }
    }

    private static String awaitLast(String output) {
        List<String> acks = output.lines().filter(l -> l.startsWith("ACK ") && l.length() > 4).toList();
        return acks.get(acks.size() - 1);
    }

    @Test
    void everyMessageOfThreadAndProcessAppendersIsReadOncePerReaderInOrderAcrossRolls() throws Exception {
        int perAppender = 25_000;
        Path dir = paths.next("stress");
        try (Journal journal = Journal.open(dir, OPTIONS)) {
            List<ChildJvm> children = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            try {
                for (int id = 2; id < 4; id++) {
                    children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), JournalChild.class, "append", dir.toString(),
                            Integer.toString(id), Integer.toString(perAppender)));
                }
                for (int id = 0; id < 2; id++) {
                    int appenderId = id;
                    Thread t = new Thread(() -> {
                        try (JournalAppender appender = journal.appender()) {
                            JournalChild.append(appender, appenderId, perAppender);
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                Checker named = new Checker(journal.reader("named", JournalStart.first()), 4, perAppender);
                Checker unnamed = new Checker(journal.reader(JournalStart.first()), 4, perAppender);
                named.start();
                unnamed.start();
                for (Thread t : threads) {
                    t.join();
                }
                for (ChildJvm child : children) {
                    assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                }
                named.join(60_000);
                unnamed.join(60_000);
                assertEquals("", named.failure, named.failure);
                assertEquals("", unnamed.failure, unnamed.failure);
                assertEquals(4 * perAppender, named.seen);
                assertEquals(4 * perAppender, unnamed.seen);
                assertEquals(named.sequences, unnamed.sequences, "both readers saw the same sequences");
                assertTrue(journal.currentSegment() >= 2, "rolled: " + journal.currentSegment());
            } finally {
                for (ChildJvm child : children) {
                    child.close();
                }
            }
        }
    }

    /** A reader thread checking every message: CRC32C, once each, per-appender order, rising sequences. */
    private static final class Checker extends Thread {
        private final JournalReader reader;
        private final int[] next;
        private final int total;
        private long lastSequence = -1;
        final List<Long> sequences = new ArrayList<>();
        volatile String failure = "";
        volatile int seen;

        Checker(JournalReader reader, int appenders, int perAppender) {
            this.reader = reader;
            this.next = new int[appenders];
            this.total = appenders * perAppender;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (reader) {
                while (seen < total && failure.isEmpty() && System.nanoTime() < deadline) {
                    reader.poll(this::check, 500, 100, TimeUnit.MILLISECONDS);
                }
            } catch (Exception | AssertionError e) {
                failure = e.toString();
            }
        }

        private void check(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length) {
            if (!failure.isEmpty()) {
                return;
            }
            ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            byte[] bytes = new byte[length];
            b.get(offset, bytes);
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, length - 4);
            int id = b.getInt(offset);
            int counter = b.getInt(offset + 4);
            if ((int) crc.getValue() != b.getInt(offset + length - 4)) {
                failure = "CRC mismatch at sequence=" + sequence;
            } else if (sequence <= lastSequence) {
                failure = "sequence=" + sequence + " after " + lastSequence;
            } else if (id < 0 || id >= next.length || counter != next[id]) {
                failure = "appender=" + id + " counter=" + counter + " at sequence=" + sequence + ", expected counter="
                        + (id >= 0 && id < next.length ? next[id] : -1);
            } else {
                next[id]++;
                seen++;
                sequences.add(sequence);
            }
            lastSequence = sequence;
        }
    }
}
