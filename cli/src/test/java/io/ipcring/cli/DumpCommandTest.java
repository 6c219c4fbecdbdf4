package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DumpCommandTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static List<String> records(Cli r) {
        return r.out.lines().filter(l -> l.startsWith("seq=")).toList();
    }

    @Test
    void printsEveryRecordWithSequenceTimeTypeLengthAndPreview() {
        Instant before = Instant.now();
        Path dir = Journals.withRecords(paths.next("dump"), "alpha", "beta", "gamma");
        Cli r = Cli.run("dump", "journal:" + dir);
        assertEquals(0, r.exitCode, r.err);
        List<String> lines = records(r);
        assertEquals(3, lines.size(), r.out);
        assertTrue(lines.get(0).matches("seq=0 time=\\S+Z type=1 length=5 \"alpha\""), lines.get(0));
        assertTrue(lines.get(2).matches("seq=2 time=\\S+Z type=3 length=5 \"gamma\""), lines.get(2));
        Instant time = Instant.parse(lines.get(0).split(" ")[1].substring("time=".length()));
        assertTrue(!time.isBefore(before.minusSeconds(1)) && !time.isAfter(Instant.now()), "the append time: " + time);
        assertTrue(r.out.endsWith("(3 record(s); next sequence 3)\n"), r.out);
    }

    @Test
    void fromAndCountPickARange() {
        Path dir = Journals.withRecords(paths.next("dump"), "r0", "r1", "r2", "r3", "r4");
        Cli r = Cli.run("dump", "journal:" + dir, "--from", "seq:1", "--count", "2");
        assertEquals(0, r.exitCode, r.err);
        assertEquals(List.of("\"r1\"", "\"r2\""), records(r).stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList());
        assertTrue(r.out.contains("(2 record(s); next sequence 3)"), r.out);
        Cli end = Cli.run("dump", "journal:" + dir, "--from", "end");
        assertEquals(List.of(), records(end));
        Cli future = Cli.run("dump", "journal:" + dir, "--from", "time:2999-01-01T00:00:00Z");
        assertEquals(List.of(), records(future), future.out);
    }

    @Test
    void aRecordSentThroughChannelsIsDumped() {
        Path dir = paths.next("dump");
        Cli send = Cli.run("send", "--type", "9", "journal:" + dir + "?roll=size:64k&max=1k", "hello journal");
        assertEquals(0, send.exitCode, send.err);
        assertTrue(send.out.contains("sent type=9 length=13 to journal:" + dir), send.out);
        List<String> lines = records(Cli.run("dump", "journal:" + dir));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).matches("seq=0 time=\\S+ type=9 length=13 \"hello journal\""), lines.get(0));
        Cli tooLong = Cli.run("send", "journal:" + dir, "x".repeat(1025));
        assertTrue(tooLong.err.contains("message is 1025 bytes, the channel takes at most 1024"), tooLong.err);
    }

    @Test
    void errorsAreOneLine() {
        Path missing = paths.next("dump");
        Cli none = Cli.run("dump", "journal:" + missing);
        assertEquals(IpcringCli.EXIT_FAILURE, none.exitCode);
        assertEquals("ipcring dump: no journal in " + missing + " (no journal.meta; a publisher on the journal: URI creates it)",
                none.err.trim());
        Cli ring = Cli.run("dump", "shm:/orders");
        assertEquals("ipcring dump: dump reads journals: expected a journal: URI, got shm:/orders", ring.err.trim());
        Path dir = Journals.withRecords(paths.next("dump"), "a");
        Cli badFrom = Cli.run("dump", "journal:" + dir, "--from", "middle");
        assertEquals("ipcring dump: unknown from=middle (expected start, end, seq:N or time:ISO-8601)", badFrom.err.trim());
        Cli badUri = Cli.run("dump", "journal:" + dir + "?retain=1");
        assertTrue(badUri.err.trim().endsWith("retain=1 (expected none, segments:N, bytes:N[k|m|g] or time:PT1H)"), badUri.err);
        assertEquals(IpcringCli.EXIT_FAILURE, Cli.run("dump", "journal:" + dir, "--count", "0").exitCode);
    }
}
