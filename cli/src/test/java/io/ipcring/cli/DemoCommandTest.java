package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.bench.BenchOptions;
import io.ipcring.bench.CaseResult;
import io.ipcring.bench.ChannelTransport;
import io.ipcring.bench.Pinning;
import io.ipcring.bench.ProgressListener;
import io.ipcring.bench.SleepyTransport;
import io.ipcring.bench.TestSocketChannels;
import io.ipcring.bench.Transport;
import io.ipcring.bench.Transports;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The demo talks over every transport it knows (or says why not), then measures them all with
 * the bench's harness: the floor beside them in one table sorted by p50, pinning reported either
 * way, every transport warmed up before it is timed, nothing left behind, also when it is killed.
 */
class DemoCommandTest {
    private static final long PID = ProcessHandle.current().pid();
    /** A test transport whose round trips sleep 10 ms each. */
    private static final String SLEEPY = Transports.CLASS_PREFIX + SleepyTransport.class.getName();

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theWholeDemoEndsWithOneSortedTableOfEveryTransportAndTheFloor() {
        Recorder recorder = new Recorder();
        Demo r = Demo.run(Pinning.detect(), recorder);
        assertEquals(0, r.exitCode, r.out);
        for (String name : DemoCommand.TRANSPORTS) {
            String heading = r.out.lines().filter(l -> l.startsWith("== " + name + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " missing from\n" + r.out));
            assertTrue(heading.contains("not available: ") || r.out.contains("the partner exited with code 0"), heading);
        }

        List<String[]> rows = tableRows(r.out);
        Set<String> labels = rows.stream().map(row -> row[0]).collect(Collectors.toSet());
        Set<String> expected = new HashSet<>(DemoCommand.TRANSPORTS);
        expected.add(DemoTable.FLOOR_LABEL);
        assertEquals(expected, labels, r.out);
        assertEquals(expected.size(), rows.size(), "one row per transport:\n" + r.out);
        List<Double> p50s = rows.stream().filter(row -> row.length == 6).map(row -> Double.parseDouble(row[2])).toList();
        assertTrue(p50s.size() >= 3, "the floor and both shm modes at least have figures:\n" + r.out);
        for (int i = 1; i < p50s.size(); i++) {
            assertTrue(p50s.get(i - 1) <= p50s.get(i), "not sorted by p50 at row " + i + ":\n" + r.out);
        }
        for (String shm : List.of(DemoTable.FLOOR_LABEL, "shm-spsc", "shm-spsc-blocking")) {
            assertTrue(rows.stream().anyMatch(row -> row[0].equals(shm) && row.length == 6), shm + " has no figures:\n" + r.out);
        }

        String pinningLine = DemoCommand.pinningLine(Pinning.detect());
        assertTrue(r.out.contains("  " + pinningLine + "\n"), "no line '" + pinningLine + "' in\n" + r.out);
        recorder.assertWarmedUpBeforeTiming(BenchOptions.defaults().workRoot());
        assertEquals(List.of(), leftovers(PID));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anUnpinnedRunSaysSoAndWhy() {
        Demo r = Demo.run(Pinning.none("taskset is not on the PATH (test)"), new Recorder(),
                "--transports", "shm-spsc", "--warmup", "1000", "--round-trips", "1000");
        assertEquals(0, r.exitCode, r.out);
        assertTrue(r.out.contains("  running unpinned (taskset is not on the PATH (test)): "), r.out);
        assertTrue(r.out.contains("# NOT pinned"), r.out);
        assertEquals(Set.of(DemoTable.FLOOR_LABEL, "shm-spsc"), tableRows(r.out).stream().map(row -> row[0]).collect(Collectors.toSet()),
                r.out);
        assertEquals(List.of(), leftovers(PID));
    }

    @Test
    void pinningIsReportedWithTheCpusOrTheReason() {
        assertEquals("pinned with taskset: the measuring process on CPU 2, its partner on CPU 3",
                DemoCommand.pinningLine(Pinning.of("/usr/bin/taskset", List.of(2, 3))));
        String none = DemoCommand.pinningLine(Pinning.of(null, List.of(0, 1)));
        assertTrue(none.startsWith("running unpinned (taskset is not on the PATH"), none);
        String oneCpu = DemoCommand.pinningLine(Pinning.of("/usr/bin/taskset", List.of(0)));
        assertTrue(oneCpu.startsWith("running unpinned (only 1 CPU"), oneCpu);
    }

    @Test
    void thePlanNamesTheWarmUpAndTimedCounts() {
        BenchOptions defaults = new BenchOptions(List.of(DemoCommand.FLOOR), List.of(DemoCommand.SIZE), true, null, null, 2L,
                DemoCommand.TIME_BOX, BenchOptions.defaults().workRoot(), 1);
        assertEquals("32-byte messages; each transport warms up (JIT) with 20,000 round trips through shared memory or 5,000"
                + " through the kernel, then 100,000 or 20,000 are timed", DemoCommand.plan(defaults));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killedWhileMeasuringItLeavesNoProcessAndNoFile() throws Exception {
        // enough round trips that the transport's measurement still runs when the test kills the demo
        // (the floor, measured after it with as many, never starts)
        List<ProcessHandle> started = new ArrayList<>();
        long pid = -1;
        try (ChildJvm demo = ChildJvm.start(ChildJvmFlags.forIpcring(), IpcringCli.class, "demo", "--transports",
                "shm-spsc-blocking", "--round-trips", "200000000")) {
            pid = demo.pid();
            awaitOutput(demo, "shm-spsc-blocking 32 B: ping-pong");
            started.addAll(demo.process().descendants().toList());
            assertEquals(2, started.size(), "the case's parent and child: " + started + "\n" + demo.output());
            assertTrue(leftovers(pid).size() >= 3, "the case's directory and ring files exist: " + leftovers(pid));
            demo.process().destroy();
            demo.waitFor(60, TimeUnit.SECONDS);
            for (ProcessHandle p : started) {
                p.onExit().get(20, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), leftovers(pid), demo.output());
        } finally {
            // when the demo failed to: end the case processes this test caused and remove their files
            for (ProcessHandle p : started) {
                p.destroyForcibly();
            }
            for (ProcessHandle p : started) {
                p.onExit().get(20, TimeUnit.SECONDS);
            }
            if (pid > 0) {
                for (String left : leftovers(pid)) {
                    deleteTree(Paths.get(left));
                }
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoProcessesExchangeMessagesOverAChannel() throws Exception {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs();
        StringWriter text = new StringWriter();
        ChannelTransport testsock = new ChannelTransport("testsock", "blocking", Transport.Speed.KERNEL,
                TestSocketChannels.SCHEME + ":{dir}/{channel}.sock");
        boolean ok = demo.run(new PrintWriter(text, true), "testsock", testsock);
        String out = text.toString();
        assertTrue(ok, out);
        assertTrue(out.contains("started the partner process, pid"), out);
        assertTrue(out.contains("partner answered \"HELLO FROM THE DEMO\"\n"), out);
        assertTrue(out.contains("the partner exited with code 0"), out);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTransportOverItsTimeBoxIsListedWithTheRoundTripsItTimed() {
        // 20,000 round trips of 10 ms: 200 s, stopped by a 10 s time box (time enough to start two
        // JVMs on a loaded machine) after some hundreds
        Demo r = Demo.run(Pinning.none("test"), new Recorder(), Duration.ofSeconds(10), "--transports", SLEEPY,
                "--warmup", "0", "--round-trips", "20000");
        assertEquals(0, r.exitCode, "time-boxed is no failure:\n" + r.out);
        String row = r.out.lines().filter(l -> l.startsWith(SLEEPY + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no row for " + SLEEPY + " in\n" + r.out));
        Matcher m = Pattern.compile(Pattern.quote(SLEEPY) + " +sleeping +([0-9.]+) +([0-9.]+) +([0-9.]+) +[0-9.]+ +time-boxed: ([0-9]+) round trips")
                .matcher(row);
        assertTrue(m.matches(), row);
        assertTrue(Double.parseDouble(m.group(1)) >= SleepyTransport.ROUND_TRIP_MILLIS * 1000, "p50 of 10 ms sleeps: " + row);
        long timed = Long.parseLong(m.group(4));
        assertTrue(timed > 0 && timed < 20_000, row);
        assertEquals(List.of(), leftovers(PID));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTransportStillWarmingUpAtItsTimeBoxIsListedAsFailed() {
        Demo r = Demo.run(Pinning.none("test"), new Recorder(), Duration.ofSeconds(10), "--transports", SLEEPY,
                "--warmup", "20000", "--round-trips", "10");
        assertEquals(IpcringCli.EXIT_FAILURE, r.exitCode, r.out);
        String row = r.out.lines().filter(l -> l.startsWith(SLEEPY + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no row for " + SLEEPY + " in\n" + r.out));
        assertTrue(row.matches(Pattern.quote(SLEEPY) + " +sleeping +failed: TimeoutException: time limit reached in the warm-up,"
                + " after [0-9]+ of 20000 round trips: none timed"), row);
        assertEquals(List.of(), leftovers(PID));
    }

    @Test
    void theHelpStatesTheTimeBox() {
        String help = new CommandLine(new DemoCommand()).getUsageMessage();
        assertTrue(help.contains("at most " + DemoCommand.TIME_BOX.toSeconds() + " s per transport"), help);
    }

    @Test
    void unknownTransportsAreRefused() {
        Cli r = Cli.run("demo", "--transports", "nope");
        assertEquals(IpcringCli.EXIT_FAILURE, r.exitCode);
        assertTrue(r.err.contains("unknown transport 'nope'"), r.err);
    }

    /** The table's rows: the label, then the other words (mode, p50, p90, p99, x floor; or mode and a reason). */
    private static List<String[]> tableRows(String out) {
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("transport ")).findFirst()
                .orElseThrow(() -> new AssertionError("no table in\n" + out)));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            String label = line.substring(0, 18).trim();
            String[] words = line.substring(18).trim().split(" +");
            String[] row = new String[words.length + 1];
            row[0] = label;
            System.arraycopy(words, 0, row, 1, words.length);
            rows.add(words.length == 5 && words[1].matches("[0-9.]+") ? row : new String[] {label, words[0]});
        }
        return rows;
    }

    /** Files the demo or its bench cases, run by {@code pid}, left in /dev/shm, /dev/mqueue or the temp directory. */
    private static List<String> leftovers(long pid) {
        List<String> left = new ArrayList<>();
        for (Path dir : List.of(Paths.get("/dev/shm"), Paths.get("/dev/mqueue"), Paths.get(System.getProperty("java.io.tmpdir")))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains("ipcring-bench-" + pid + "-") || n.contains("ipcring-demo-" + pid + "-"))
                        .forEach(n -> left.add(dir.resolve(n).toString()));
            } catch (IOException e) {
                throw new AssertionError("cannot list path=" + dir, e);
            }
        }
        return left;
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void awaitOutput(ChildJvm child, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!child.output().contains(text)) {
            if (!child.process().isAlive()) {
                throw new AssertionError("the demo exited before '" + text + "':\n" + child.output());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no '" + text + "' in 90 s:\n" + child.output());
            }
            Thread.sleep(50);
        }
    }

    /** Runs the demo in this JVM with a given pinning and progress listener. */
    private static final class Demo {
        final int exitCode;
        final String out;

        private Demo(int exitCode, String out) {
            this.exitCode = exitCode;
            this.out = out;
        }

        static Demo run(Pinning pinning, ProgressListener progress, String... args) {
            return run(pinning, progress, DemoCommand.TIME_BOX, args);
        }

        static Demo run(Pinning pinning, ProgressListener progress, Duration timeBox, String... args) {
            DemoCommand demo = new DemoCommand();
            demo.timeBox = timeBox;
            demo.pinningProbe = () -> pinning;
            demo.progress = progress;
            CommandLine cli = new CommandLine(demo);
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(out, true));
            int code = cli.execute(args);
            return new Demo(code, out.toString());
        }
    }

    /** Records the measurement's progress, from the runner's threads. */
    private static final class Recorder implements ProgressListener {
        private final List<String> events = new ArrayList<>();
        private String transport;

        @Override
        public synchronized void caseStarted(int index, int total, String name, int size) {
            transport = name;
            events.add(name + " started");
        }

        @Override
        public synchronized void progress(String phase, long done, long total) {
            events.add(transport + " " + phase + " " + done + " " + total);
        }

        @Override
        public synchronized void caseFinished(CaseResult result) {
            events.add(result.transport() + " finished");
        }

        /**
         * For every measured transport: its warm-up ran to the end, with the demo's count for its
         * speed, before its first timed round trip.
         */
        synchronized void assertWarmedUpBeforeTiming(Path workRoot) {
            BenchOptions options = new BenchOptions(List.of(DemoCommand.FLOOR), List.of(DemoCommand.SIZE), true, null, null, 2L,
                    DemoCommand.TIME_BOX, workRoot, 1);
            Map<String, Boolean> warmedUp = new HashMap<>();
            Set<String> timed = new HashSet<>();
            for (String event : events) {
                String[] words = event.split(" ");
                String name = words[0];
                if (words.length == 4 && words[1].equals("warm-up")) {
                    int expected = options.warmupFor(Transports.get(name), DemoCommand.SIZE);
                    assertEquals(expected, Long.parseLong(words[3]), "warm-up count of " + name);
                    assertFalse(timed.contains(name), name + " warms up after it was timed: " + events);
                    if (words[2].equals(words[3])) {
                        warmedUp.put(name, true);
                    }
                } else if (words.length == 4 && words[1].equals("ping-pong")) {
                    assertTrue(warmedUp.getOrDefault(name, false), name + " timed before its warm-up ended: " + events);
                    timed.add(name);
                }
            }
            Set<String> all = new HashSet<>(DemoCommand.TRANSPORTS);
            all.add(DemoCommand.FLOOR);
            assertEquals(all, timed, "every transport timed: " + events);
        }
    }
}
