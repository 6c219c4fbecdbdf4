package io.ipcring.stress;

import io.ipcring.stress.chaos.RingChaos;
import io.ipcring.stress.fuzz.FuzzReport;
import io.ipcring.stress.fuzz.Fuzzer;
import io.ipcring.sync.os.ChildJvmFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates ipcring on this machine: runs the jcstress suite of every concurrent algorithm (as a
 * subprocess), the ring chaos runs (SPSC, MPSC and work queue, producer and consumer JVMs
 * SIGKILLed and restarted) and the fuzzers (every legacy transport's receiver, SPSC and MPSC ring files, close racing use), then
 * prints one verdict line with the counts and exits 0 when everything held, 1 otherwise.
 *
 * <pre>
 * java -cp stress/target/jcstress.jar io.ipcring.stress.StressMain [--quick|--full] [--seed N]
 *      [--jcstress-mode MODE] [--results DIR]
 * </pre>
 * <ul>
 *   <li>{@code --quick} (default, a few minutes on 2 cores): jcstress quick mode shortened to 2
 *       iterations of 150 ms in one JVM configuration; 6 kills per ring kind (SPSC, MPSC, work
 *       queue); 500 fuzz cases per target.</li>
 *   <li>{@code --full} (about an hour on 2 cores, less with more cores): jcstress quick mode in
 *       every JVM configuration with split compilation; 100 kills per ring kind; 20,000 fuzz cases
 *       per target. {@code --jcstress-mode default} (or {@code tough}) runs jcstress longer still.</li>
 * </ul>
 * The jcstress HTML report goes to {@code DIR} (default {@code ipcring-stress-results}), with the
 * jcstress console output in {@code DIR/jcstress.log}.
 */
public final class StressMain {
    private static final String TESTS = "^io\\.ipcring\\.stress\\.(sync|ring)\\.";
    private static final int USAGE = 2;

    private StressMain() {
    }

    /**
     * @param args see the class comment
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out));
    }

    /**
     * Runs everything and prints progress and the verdict.
     *
     * @param args see the class comment
     * @param out  where to print
     * @return the exit status: 0 all held, 1 something failed, 2 bad arguments
     * @throws InterruptedException if interrupted
     */
    public static int run(String[] args, PrintStream out) throws InterruptedException {
        boolean full = false;
        long seed = 1;
        String mode = null;
        Path results = Paths.get("ipcring-stress-results");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick":
                        full = false;
                        break;
                    case "--full":
                        full = true;
                        break;
                    case "--seed":
                        seed = Long.parseLong(args[++i]);
                        break;
                    case "--jcstress-mode":
                        mode = args[++i];
                        break;
                    case "--results":
                        results = Paths.get(args[++i]);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            out.println("ipcring stress: " + e.getMessage() + "\nusage: StressMain [--quick|--full] [--seed N]"
                    + " [--jcstress-mode sanity|quick|default|tough|stress] [--results DIR]");
            return USAGE;
        }
        String name = full ? "--full" : "--quick";
        long start = System.currentTimeMillis();

        out.println("ipcring stress " + name + ": jcstress (report in " + results.toAbsolutePath() + ")");
        JcstressRun jcstress = jcstress(full, mode, results, out);

        out.println("ipcring stress " + name + ": ring chaos");
        int kills = full ? 100 : 6;
        List<RingChaos.Result> chaos = new ArrayList<>();
        String chaosFailure = null;
        try {
            Duration timeout = Duration.ofMinutes(5 + kills / 5);
            chaos.add(new RingChaos("SPSC", 1, 1, 1500L * kills, 10, kills, seed, line -> { }).run(timeout));
            out.println("  " + chaos.get(0));
            chaos.add(new RingChaos("MPSC", 3, 1, 600L * kills, 10, kills, seed + 1, line -> { }).run(timeout));
            out.println("  " + chaos.get(1));
            chaos.add(new RingChaos("WORK_QUEUE", 2, 2, 900L * kills, 10, kills, seed + 2, line -> { }).run(timeout));
            out.println("  " + chaos.get(2));
        } catch (RuntimeException e) {
            chaosFailure = e.toString();
            out.println("  chaos FAILED: " + e);
        }

        out.println("ipcring stress " + name + ": fuzz");
        FuzzReport fuzz = Fuzzer.run(full ? 20_000 : 500, seed);
        out.println("  " + fuzz.toString().replace("\n", "\n  "));

        int killsSurvived = chaos.stream().mapToInt(r -> r.report().kills()).sum();
        boolean chaosPassed = chaosFailure == null && chaos.size() == 3 && chaos.stream().allMatch(RingChaos.Result::passed);
        boolean passed = jcstress.exitCode() == 0 && jcstress.summary().tests() > 0 && jcstress.summary().forbidden() == 0
                && chaosPassed && fuzz.passed();
        out.println(String.format(Locale.ROOT, "ipcring stress %s: %s | jcstress: %d tests, %,d outcomes observed, %,d forbidden,"
                        + " %d failed | chaos: %d kills survived (SPSC, MPSC, work queue), %s | fuzz: %,d cases, %d failures | %d s",
                name, passed ? "PASS" : "FAIL", jcstress.summary().tests(), jcstress.summary().outcomes(),
                jcstress.summary().forbidden(), jcstress.summary().failedTests(), killsSurvived,
                chaosPassed ? "delivery guarantee held" : "FAILED", fuzz.cases(), fuzz.failures().size(),
                (System.currentTimeMillis() - start) / 1000));
        return passed ? 0 : 1;
    }

    /** A jcstress run's exit code and counts. */
    private record JcstressRun(int exitCode, JcstressSummary summary) {
    }

    private static JcstressRun jcstress(boolean full, String mode, Path results, PrintStream out) throws InterruptedException {
        // jcstress hands its own JVM's input arguments to every test JVM it forks, so ipcring's
        // flags given here reach the forks (whose actors run ipcring's code) in every mode
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChildJvmFlags.forIpcring());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.openjdk.jcstress.Main", "-v", "-t", TESTS,
                "-r", results.toString(), "-m", mode != null ? mode : "quick"));
        if (!full) {
            command.addAll(List.of("-iters", "2", "-time", "150", "-sc", "false", "-jvmArgs", "-XX:+UseParallelGC"));
        }
        List<String> lines = new ArrayList<>();
        try {
            Files.createDirectories(results);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(results.toFile()).start();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                boolean summary = false;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                    summary |= line.equals("RUN RESULTS:");
                    if (!summary && (line.contains("[OK]") || line.contains("[FAILED]") || line.contains("[ERROR]"))) {
                        out.println("  " + line.replaceFirst("^\\.*\\s*", ""));
                    }
                }
            }
            int exit = process.waitFor();
            Files.write(results.resolve("jcstress.log"), lines, StandardCharsets.UTF_8);
            return new JcstressRun(exit, JcstressSummary.parse(lines));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jcstress: " + command, e);
        }
    }
}
