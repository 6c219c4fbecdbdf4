package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.testsupport.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ipcring tail journal:…}, which {@link TailCommand} hands to {@link JournalTail}. */
class JournalTailTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static List<String> payloads(Cli r) {
        return r.out.lines().filter(l -> l.startsWith("seq=")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    }

    @Test
    void fromStartASequenceOrATimePrintsSequenceAndTime() throws Exception {
        Path dir = Journals.withRecords(paths.next("tail"), "r0", "r1", "r2");
        Cli all = Cli.run("tail", "journal:" + dir, "--from", "start", "--count", "3");
        assertEquals(0, all.exitCode, all.err);
        assertEquals(List.of("\"r0\"", "\"r1\"", "\"r2\""), payloads(all));
        assertTrue(all.out.lines().findFirst().orElseThrow().matches("seq=0 time=\\S+Z type=1 length=2 \"r0\""), all.out);
        assertEquals(List.of("\"r2\""), payloads(Cli.run("tail", "journal:" + dir, "--from", "seq:2", "--count", "1")));
        assertEquals(List.of("\"r1\""), payloads(Cli.run("tail", "journal:" + dir + "?from=seq:1", "--count", "1")),
                "the URI's from= when --from is not given");
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        Journals.withRecords(dir, "later");
        assertEquals(List.of("\"later\""), payloads(Cli.run("tail", "journal:" + dir, "--from", "time:" + between, "--count", "1")));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void byDefaultOnlyWhatIsAppendedFromNowOn() throws Exception {
        Path dir = Journals.withRecords(paths.next("tail"), "old");
        FutureTask<Cli> tail = new FutureTask<>(() -> Cli.run("tail", "journal:" + dir, "--count", "1", "--idle", "30"));
        Thread thread = new Thread(tail, "tail");
        thread.start();
        try (Journal journal = Journal.open(dir, Journals.SMALL); JournalAppender appender = journal.appender()) {
            for (int i = 0; !tail.isDone(); i++) {
                byte[] bytes = ("new" + i).getBytes(StandardCharsets.UTF_8);
                appender.offer(bytes, 0, bytes.length, 1);
                Thread.sleep(50);
            }
        }
        Cli r = tail.get(30, TimeUnit.SECONDS);
        assertEquals(0, r.exitCode, r.err);
        List<String> got = payloads(r);
        assertEquals(1, got.size(), r.out);
        assertTrue(got.get(0).startsWith("\"new"), "the record there before the tail started is not shown: " + r.out);
    }

    @Test
    void aNamedReaderResumesWhereItsNameStopped() {
        Path dir = Journals.withRecords(paths.next("tail"), "r0", "r1", "r2", "r3");
        assertEquals(List.of("\"r0\"", "\"r1\""), payloads(Cli.run("tail", "journal:" + dir, "--reader", "ops", "--from", "start",
                "--count", "2")));
        assertEquals(List.of("\"r2\"", "\"r3\""), payloads(Cli.run("tail", "journal:" + dir + "?reader=ops", "--count", "2")));
        assertTrue(Files.exists(dir.resolve("readers").resolve("ops.pos")));
        Cli bad = Cli.run("tail", "journal:" + dir, "--reader", "../ops", "--count", "1");
        assertEquals(IpcringCli.EXIT_FAILURE, bad.exitCode);
        assertTrue(bad.err.startsWith("ipcring tail: name=../ops must match"), bad.err);
    }

    @Test
    void errorsAreOneLineAndCreateNothing() {
        Path missing = paths.next("tail");
        Cli none = Cli.run("tail", "journal:" + missing, "--count", "1");
        assertEquals(IpcringCli.EXIT_FAILURE, none.exitCode);
        assertTrue(none.err.startsWith("ipcring tail: no journal in " + missing), none.err);
        assertFalse(Files.exists(missing));
        Cli ring = Cli.run("tail", "shm:/orders", "--from", "start");
        assertEquals("ipcring tail: --from and --reader are for journal: URIs; shm:/orders is not one", ring.err.trim());
        Cli badFrom = Cli.run("tail", "journal:" + missing, "--from", "seq:x");
        assertTrue(badFrom.err.contains("from=seq:x: the sequence must be a number >= 0"), badFrom.err);
    }
}
