package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.bench.BenchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IpcringCliTest {
    private static final List<String> COMMANDS = List.of("demo", "bench", "stat", "tail", "send", "ls", "clean", "dump");

    @Test
    void everyCommandHasHelp() {
        for (String command : COMMANDS) {
            Cli r = Cli.run(command, "--help");
            assertEquals(0, r.exitCode, command);
            assertTrue(r.out.startsWith("Usage: ipcring " + command), r.out);
        }
        Cli top = Cli.run("--help");
        assertEquals(0, top.exitCode);
        for (String command : COMMANDS) {
            assertTrue(top.out.contains("  " + command + " "), command + " missing from\n" + top.out);
        }
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, Cli.run("frobnicate").exitCode);
        assertEquals(2, Cli.run("stat").exitCode);
        assertEquals(2, Cli.run("send", "shm:/x").exitCode);
        assertEquals(2, Cli.run("bench", "--size", "many").exitCode);
    }

    @Test
    void wrongPathAndNotARingAreOneLineErrors(@TempDir Path dir) throws Exception {
        Cli missing = Cli.run("stat", dir.resolve("nope").toString());
        assertEquals(IpcringCli.EXIT_FAILURE, missing.exitCode);
        assertEquals("ipcring stat: " + dir.resolve("nope") + ": no such file", missing.err.trim());
        Path text = Files.writeString(dir.resolve("notes.txt"), "just some text, long enough for a header? no: it needs 64 bytes and more");
        Cli notRing = Cli.run("stat", text.toString());
        assertEquals(IpcringCli.EXIT_FAILURE, notRing.exitCode);
        assertTrue(notRing.err.contains("not an ipcring file"), notRing.err);
        Cli directory = Cli.run("stat", dir.toString());
        assertTrue(directory.err.contains("is a directory"), directory.err);
        Cli noDir = Cli.run("ls", dir.resolve("nope").toString());
        assertEquals("ipcring ls: no such directory: " + dir.resolve("nope"), noDir.err.trim());
    }

    @Test
    void unsupportedSchemesAreOneLineErrors() {
        Cli tail = Cli.run("tail", "nosuch:/x");
        assertEquals(IpcringCli.EXIT_FAILURE, tail.exitCode);
        assertTrue(tail.err.startsWith("ipcring tail: no transport for scheme 'nosuch'"), tail.err);
        Cli send = Cli.run("send", "nosuch:/x", "hi");
        assertTrue(send.err.startsWith("ipcring send: no transport for scheme 'nosuch'"), send.err);
        Cli noScheme = Cli.run("send", "plainname", "hi");
        assertTrue(noScheme.err.contains("has no scheme"), noScheme.err);
        Cli badType = Cli.run("send", "--type", "0", "nosuch:/x", "hi");
        assertTrue(badType.err.contains("--type=0 must be positive"), badType.err);
    }

    @Test
    void benchArgumentsBecomeOptions() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--quick", "--transports", "spin-baseline,agrona-o2o", "--size", "1024",
                "--round-trips", "10", "--messages", "20", "--case-timeout", "30", "--rounds", "3");
        BenchOptions o = command.options();
        assertEquals(List.of("spin-baseline", "agrona-o2o"), o.transports());
        assertEquals(List.of(1024), o.sizes());
        assertTrue(o.quick());
        assertEquals(10, o.roundTrips());
        assertEquals(20L, o.messages());
        assertEquals(30, o.caseTimeout().toSeconds());
        assertEquals(3, o.rounds());
        BenchCommand sweep = new BenchCommand();
        new CommandLine(sweep).parseArgs("--sweep");
        assertEquals(BenchOptions.SWEEP_SIZES, sweep.options().sizes());
        assertEquals(1, sweep.options().rounds());
        assertEquals(List.of(BenchOptions.DEFAULT_CAPACITY), sweep.options().capacities());
    }

    @Test
    void benchCapacityIsBytesOrKOrMAndTheSweepHasThreeSizes() {
        for (String[] given : new String[][] {{"65536", "65536"}, {"64k", "65536"}, {"256K", "262144"}, {"1m", "1048576"}}) {
            BenchCommand command = new BenchCommand();
            new CommandLine(command).parseArgs("--capacity", given[0]);
            assertEquals(List.of(Integer.parseInt(given[1])), command.options().capacities(), given[0]);
        }
        BenchCommand sweep = new BenchCommand();
        new CommandLine(sweep).parseArgs("--capacity-sweep");
        assertEquals(List.of(64 << 10, 256 << 10, 1 << 20), sweep.options().capacities());
    }

    @Test
    void badBenchCapacitiesAreRefusedWithTheValue() {
        assertTrue(Cli.run("bench", "--capacity", "100000").err.contains("capacity=100000 must be a power of two in [16384, 67108864]"));
        assertTrue(Cli.run("bench", "--capacity", "8k").err.contains("capacity=8192 must be a power of two"));
        assertTrue(Cli.run("bench", "--capacity", "lots").err.contains("--capacity=lots is not a byte count"));
        assertTrue(Cli.run("bench", "--capacity", "-64k").err.contains("--capacity=-64k is not a byte count"));
        assertTrue(Cli.run("bench", "--capacity", "99999999999m").err.contains("is not a byte count"));
        assertTrue(Cli.run("bench", "--capacity", "64k", "--capacity-sweep").err
                .contains("--capacity and --capacity-sweep exclude each other"));
        Cli small = Cli.run("bench", "--capacity", "64k", "--size", "65536");
        assertTrue(small.err.contains("size=65536 needs capacity >= 524288"), small.err);
        assertEquals(IpcringCli.EXIT_FAILURE, small.exitCode);
    }

    @Test
    void badBenchArgumentsAreRefusedBeforeAnythingRuns(@TempDir Path dir) {
        assertTrue(Cli.run("bench", "--size", "64", "--sweep").err.contains("--size and --sweep exclude each other"));
        assertTrue(Cli.run("bench", "--transports", "nope").err.contains("unknown transport 'nope'"));
        assertTrue(Cli.run("bench", "--size", "4").err.contains("size=4 must be in"));
        assertTrue(Cli.run("bench", "--rounds", "0").err.contains("--rounds=0 must be in [1, 99]"));
        Cli chart = Cli.run("bench", "--chart", dir.resolve("missing/x.svg").toString());
        assertTrue(chart.err.contains("does not exist"), chart.err);
        assertEquals(IpcringCli.EXIT_FAILURE, chart.exitCode);
        assertTrue(Cli.run("bench", "extra").err.contains("only --jmh takes arguments"));
        assertTrue(Cli.run("bench", "--c-baseline", dir.resolve("none.md").toString()).err.contains("no such file"));
    }

    @Test
    void jmhForksGetIpcringsFlagsUnlessThereAreNoneOrTheUserPrependsTheirOwn() {
        List<String> user = List.of("ShmRingBenchmark", "-f", "1");
        List<String> flags = List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=deny");
        assertEquals(List.of("-jvmArgsPrepend", "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=deny",
                "ShmRingBenchmark", "-f", "1"), BenchCommand.jmhArguments(user, flags));
        assertEquals(user, BenchCommand.jmhArguments(user, List.of()), "Java 17-21");
        List<String> own = List.of("-jvmArgsPrepend", "-Xmx1g", "ShmRingBenchmark");
        assertEquals(own, BenchCommand.jmhArguments(own, flags));
    }

    @Test
    void benchListsEveryTransport() {
        Cli list = Cli.run("bench", "--list");
        assertEquals(0, list.exitCode);
        assertTrue(list.out.contains("spin-baseline      busy-spin available"), list.out);
        assertTrue(list.out.contains("shm-spsc-batch     busy-spin available"), list.out);
        assertTrue(list.out.contains("journal            busy-spin available"), list.out);
        assertTrue(list.out.contains("journal-blocking   blocking  available"), list.out);
        assertEquals(20, list.out.lines().count());
    }
}
