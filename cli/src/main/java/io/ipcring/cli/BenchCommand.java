package io.ipcring.cli;

import io.ipcring.bench.BenchOptions;
import io.ipcring.bench.BenchReport;
import io.ipcring.bench.BenchRunner;
import io.ipcring.bench.CBaseline;
import io.ipcring.bench.JsonReport;
import io.ipcring.bench.ResultTable;
import io.ipcring.bench.Transport;
import io.ipcring.bench.Transports;
import io.ipcring.sync.os.ChildJvmFlags;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ipcring bench}: every transport and peer between two pinned processes (ping-pong
 * percentiles and one-way throughput), a table on stdout, progress on stderr, optionally JSON and
 * a chart; or, with {@code --jmh}, the JMH microbenchmarks of the in-process paths.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure every transport and peer between two pinned processes.",
            "Round-trip percentiles (HdrHistogram) and one-way throughput counted by the receiver,",
            "parent and child pinned to separate cores with taskset.",
            "A short spin probe runs before each case; compare cases by p50 / floor (the host moves vCPUs).",
            "Transports not built yet are listed as not available, never faked."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--transports", split = ",", paramLabel = "NAME",
            description = "Comma-separated transport names (default: all; see --list).")
    private List<String> transports;

    @Option(names = "--quick", description = "Smaller counts: about two minutes on 2 cores.")
    private boolean quick;

    @Option(names = "--size", paramLabel = "BYTES", description = "Payload bytes per message (default: 32).")
    private Integer size;

    @Option(names = "--sweep", description = "Run every case at 32 B, 1 KiB and 64 KiB.")
    private boolean sweep;

    @Option(names = "--capacity", paramLabel = "BYTES",
            description = {"Ring capacity, a power of two from 16k to 64m, in bytes or with k/m (default: 1m). "
                    + "shm-spsc, shm-spsc-blocking, shm-mpsc, shm-broadcast, shm-workqueue: the ring's data bytes; "
                    + "agrona-o2o, agrona-m2o: the ring buffer's data bytes; aeron-ipc: term length = 4 x capacity. "
                    + "No such knob (run once, capacity '-'): spin-baseline, chronicle-queue (a file-backed queue), "
                    + "ring-queue (sized in elements), pipe, fifo, posix-mq, sysv-mq, unix, tcp (kernel buffers). "
                    + "A ring's largest message is 1/8 of it."})
    private String capacity;

    @Option(names = "--capacity-sweep", description = "Run every ring case at 64 KiB, 256 KiB and 1 MiB capacity.")
    private boolean capacitySweep;

    @Option(names = "--round-trips", paramLabel = "N", description = "Measured round trips per case (default by speed class).")
    private Integer roundTrips;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up round trips per case (default by speed class).")
    private Integer warmup;

    @Option(names = "--messages", paramLabel = "N", description = "Throughput messages per case (default by speed class).")
    private Long messages;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Run every case N times, in turn, and report each figure's median over the rounds "
                    + "(the host moves vCPUs between runs; default: 1).")
    private int rounds;

    @Option(names = "--case-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Stop a case that runs longer: it reports the round trips it timed (time-boxed), or is killed 10 s later (default: ${DEFAULT-VALUE}).")
    private long caseTimeoutSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    private Path json;

    @Option(names = "--chart", paramLabel = "FILE", description = "Also draw a chart: FILE.svg, or FILE.png (needs rsvg-convert).")
    private Path chart;

    @Option(names = "--c-baseline", paramLabel = "FILE",
            description = "Add the C floor of each mechanism to the table, from the output of the C baseline tool (ipcbase / run.sh).")
    private Path cBaseline;

    @Option(names = "--list", description = "List the transports and whether each can run here, then exit.")
    private boolean list;

    @Option(names = "--jmh", description = "Run the JMH microbenchmarks instead; arguments after -- go to JMH (e.g. -- -prof gc).")
    private boolean jmh;

    @Parameters(paramLabel = "JMH_ARG", arity = "0..*", description = "Arguments for JMH, with --jmh only.")
    private List<String> jmhArgs = new ArrayList<>();

    /**
     * JMH's arguments with ipcring's JVM flags for the JVMs JMH forks, which run the benchmarks'
     * ipcring code: {@code -jvmArgsPrepend} and the flags, unless there are none (Java 17 to 21)
     * or the user gave a {@code -jvmArgsPrepend} of their own, which then stands as given. A fork
     * does not see the {@code Enable-Native-Access} attribute of the jar this JVM was started
     * from; without the flag it would print the JDK's native-access notice on Java 22+.
     *
     * @param args  the user's JMH arguments
     * @param flags {@link ChildJvmFlags#forIpcring()}
     * @return the arguments to hand JMH
     */
    static List<String> jmhArguments(List<String> args, List<String> flags) {
        if (flags.isEmpty() || args.contains("-jvmArgsPrepend")) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of("-jvmArgsPrepend", String.join(" ", flags)));
        all.addAll(args);
        return all;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (jmh) {
            org.openjdk.jmh.Main.main(jmhArguments(jmhArgs, ChildJvmFlags.forIpcring()).toArray(new String[0]));
            return 0;
        }
        if (!jmhArgs.isEmpty()) {
            throw new CliException("unexpected arguments " + jmhArgs + " (only --jmh takes arguments after --)");
        }
        if (list) {
            for (String name : Transports.names()) {
                Transport t = Transports.get(name);
                String reason = t.unavailableReason();
                out.printf(Locale.ROOT, "%-18s %-9s %s%s%n", name, t.mode(), reason == null ? "available" : "not available: " + reason,
                        t.capacityUse() == null ? "" : "; --capacity: " + t.capacityUse());
            }
            out.flush();
            return 0;
        }
        BenchOptions options = options();
        if (cBaseline != null && !Files.isRegularFile(cBaseline)) {
            throw new CliException("--c-baseline " + cBaseline + ": no such file");
        }
        CBaseline baseline = cBaseline == null ? null : CBaseline.read(cBaseline);
        checkWritable(json, "--json");
        checkWritable(chart, "--chart");
        if (chart != null && !Charts.isSvg(chart) && !Charts.canRenderPng()) {
            throw new CliException("--chart " + chart + ": a PNG needs rsvg-convert (apt-get install librsvg2-bin); "
                    + "or give a .svg file");
        }
        BenchRunner runner = new BenchRunner(options, new ProgressPrinter(System.err, System.console() != null));
        if (runner.pinningProblem() != null) {
            System.err.println("ipcring bench: running NOT pinned: " + runner.pinningProblem());
        }
        BenchReport report = runner.run();
        out.print(ResultTable.format(report, baseline));
        out.flush();
        if (json != null) {
            JsonReport.write(report, json);
            System.err.println("ipcring bench: wrote " + json);
        }
        if (chart != null) {
            Charts.write(report, chart);
            System.err.println("ipcring bench: wrote " + chart);
        }
        return 0;
    }

    /** @return the options these arguments ask for */
    BenchOptions options() {
        if (size != null && sweep) {
            throw new CliException("--size and --sweep exclude each other");
        }
        BenchOptions defaults = BenchOptions.defaults();
        List<Integer> sizes = sweep ? BenchOptions.SWEEP_SIZES : List.of(size == null ? BenchOptions.DEFAULT_SIZE : size);
        if (rounds < 1 || rounds > BenchOptions.MAX_ROUNDS) {
            throw new CliException("--rounds=" + rounds + " must be in [1, " + BenchOptions.MAX_ROUNDS + "]");
        }
        if (caseTimeoutSeconds <= 0) {
            throw new CliException("--case-timeout=" + caseTimeoutSeconds + " must be positive");
        }
        if (capacity != null && capacitySweep) {
            throw new CliException("--capacity and --capacity-sweep exclude each other");
        }
        List<Integer> capacities = capacitySweep ? BenchOptions.SWEEP_CAPACITIES
                : List.of(capacity == null ? BenchOptions.DEFAULT_CAPACITY : bytes("--capacity", capacity));
        return new BenchOptions(transports == null ? defaults.transports() : transports, sizes, quick, warmup,
                roundTrips, messages, Duration.ofSeconds(caseTimeoutSeconds), defaults.workRoot(), rounds, capacities);
    }

    /**
     * Reads a byte count: digits, optionally followed by {@code k} (KiB) or {@code m} (MiB).
     *
     * @param option the option, for the message
     * @param text   what the user gave
     * @return the bytes
     * @throws CliException when it is not such a count or does not fit an int
     */
    static int bytes(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : 0;
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long value = Long.parseLong(digits) << shift;
            if (digits.length() > 10 || digits.startsWith("-") || digits.startsWith("+") || value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw new CliException(option + "=" + text + " is not a byte count (e.g. 65536, 64k, 1m)");
        }
    }

    private static void checkWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliException(option + " " + file + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new CliException(option + " " + file + " is a directory");
        }
    }

    /** Writes the chart file, SVG or PNG. */
    static final class Charts {
        private Charts() {
        }

        static boolean isSvg(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        }

        static boolean canRenderPng() {
            return rsvgConvert() != null;
        }

        private static Path rsvgConvert() {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "rsvg-convert");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            return null;
        }

        static void write(BenchReport report, Path file) throws IOException {
            String svg = io.ipcring.bench.SvgChart.render(report);
            if (isSvg(file)) {
                Files.writeString(file, svg, StandardCharsets.UTF_8);
                return;
            }
            Path tmp = Files.createTempFile("ipcring-chart-", ".svg");
            try {
                Files.writeString(tmp, svg, StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(rsvgConvert().toString(), "-b", "white", "-o", file.toString(), tmp.toString())
                        .redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException("rsvg-convert failed: " + output.trim());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while rendering " + file, e);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
