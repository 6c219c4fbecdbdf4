package io.ipcring.stress.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the fuzzers: {@code cases} cases on each legacy transport's receiver, on SPSC and MPSC
 * ring files ({@link RingFileFuzzTarget}) and on journal files ({@link JournalFileFuzzTarget}), case {@code i} of target {@code t} drawn from a random
 * source seeded by {@link #caseSeed(long, String, int)}, so any case can be rerun alone. Each case runs on a worker thread under a watchdog: a case that
 * does not finish within {@link #CASE_TIMEOUT_SECONDS} fails the run as a hang (with the worker's
 * stack), and any exception or error a case throws (an {@code OutOfMemoryError} included) fails
 * it with the seed that reproduces it. The transports log each hostile peer they drop; those
 * warnings are silenced during the run.
 *
 * <pre>
 * java -cp stress/target/jcstress.jar io.ipcring.stress.fuzz.Fuzzer [cases per target] [seed] [target]
 * </pre>
 */
public final class Fuzzer {
    /** The longest one case may take before it counts as a hang. */
    public static final long CASE_TIMEOUT_SECONDS = 20;
    /** Targets by name, in run order. */
    static final Map<String, Supplier<FuzzTarget>> TARGETS = targets();
    private static final String TRANSPORT_LOGGER = "io.ipcring.transport";
    private static final long WATCHDOG_MARGIN_MILLIS = 5000;

    private Fuzzer() {
    }

    /**
     * Runs every target.
     *
     * @param cases cases per target
     * @param seed  the run's seed
     * @return the report
     */
    public static FuzzReport run(int cases, long seed) {
        return run(cases, seed, List.copyOf(TARGETS.keySet()));
    }

    /**
     * Runs some targets.
     *
     * @param cases   cases per target
     * @param seed    the run's seed
     * @param targets target names, from {@code pipe}, {@code unix-socket}, {@code fifo-server},
     *                {@code posix-mq}, {@code sysv-mq}, {@code spsc-ring-file}, {@code mpsc-ring-file},
     *                {@code close-racing-use}, {@code ring-file-swap}, {@code journal-segment},
     *                {@code journal-meta}, {@code journal-reader-position}
     * @return the report
     */
    public static FuzzReport run(int cases, long seed, List<String> targets) {
        Map<String, Supplier<FuzzTarget>> chosen = new LinkedHashMap<>();
        for (String name : targets) {
            Supplier<FuzzTarget> factory = TARGETS.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("target=" + name + " is none of " + TARGETS.keySet());
            }
            chosen.put(name, factory);
        }
        return run(cases, seed, chosen, TimeUnit.SECONDS.toMillis(CASE_TIMEOUT_SECONDS));
    }

    /**
     * Runs the given targets, each case bounded by {@code caseTimeoutMillis}.
     *
     * @param cases             cases per target
     * @param seed              the run's seed
     * @param targets           factories by name, in run order
     * @param caseTimeoutMillis the longest a case may take before it counts as a hang
     * @return the report; a hang ends the run (its worker thread is stuck)
     */
    static FuzzReport run(int cases, long seed, Map<String, Supplier<FuzzTarget>> targets, long caseTimeoutMillis) {
        long start = System.currentTimeMillis();
        Map<String, FuzzReport.Tally> tallies = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Logger transportLogger = Logger.getLogger(TRANSPORT_LOGGER);
        Level level = transportLogger.getLevel();
        transportLogger.setLevel(Level.OFF);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Map.Entry<String, Supplier<FuzzTarget>> target : targets.entrySet()) {
                if (!runTarget(worker, target.getKey(), target.getValue(), cases, seed, caseTimeoutMillis, tallies, failures)) {
                    break;
                }
            }
        } finally {
            worker.shutdownNow();
            transportLogger.setLevel(level);
        }
        return new FuzzReport(seed, tallies, failures, System.currentTimeMillis() - start);
    }

    /** @return false when the worker is stuck in a hung case and the run must stop */
    private static boolean runTarget(ExecutorService worker, String name, Supplier<FuzzTarget> factory, int cases, long seed,
                                     long caseTimeoutMillis, Map<String, FuzzReport.Tally> tallies, List<String> failures) {
        FuzzReport.Tally tally = new FuzzReport.Tally(0, 0, 0, 0);
        AtomicReference<Thread> workerThread = new AtomicReference<>();
        try (FuzzTarget target = factory.get()) {
            for (int i = 0; i < cases; i++) {
                long caseSeed = caseSeed(seed, name, i);
                Future<FuzzTarget.CaseResult> result = worker.submit(() -> {
                    workerThread.set(Thread.currentThread());
                    return target.run(new SplittableRandom(caseSeed),
                            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(caseTimeoutMillis));
                });
                String where = name + " case " + i + " (run seed " + seed + ", case seed " + caseSeed + ")";
                try {
                    // the case checks its own deadline; the watchdog's margin catches a case stuck in a call
                    tally = tally.plus(result.get(caseTimeoutMillis + WATCHDOG_MARGIN_MILLIS, TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    failures.add(where + ": " + describe(e.getCause()));
                } catch (TimeoutException e) {
                    StringBuilder stack = new StringBuilder();
                    for (StackTraceElement frame : workerThread.get().getStackTrace()) {
                        stack.append("\n      at ").append(frame);
                    }
                    failures.add(where + ": hang: no end after " + (caseTimeoutMillis + WATCHDOG_MARGIN_MILLIS) + " ms" + stack);
                    tallies.put(name, tally);
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(where + ": interrupted");
                    tallies.put(name, tally);
                    return false;
                }
            }
        }
        tallies.put(name, tally);
        return true;
    }

    /**
     * @param seed   the run's seed
     * @param target the target's name
     * @param index  the case's index
     * @return the seed of that case's random source
     */
    public static long caseSeed(long seed, String target, int index) {
        return new SplittableRandom(seed ^ (long) target.hashCode() << 32 ^ index * 0x9E3779B97F4A7C15L).nextLong();
    }

    /**
     * Runs the fuzzers and prints the report; exit status 1 on any failure.
     *
     * @param args [cases per target (default 1000)] [seed (default 1)] [target (default all)]
     */
    public static void main(String[] args) {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        FuzzReport report = args.length > 2 ? run(cases, seed, List.of(args[2])) : run(cases, seed);
        System.out.println(report);
        System.exit(report.passed() ? 0 : 1);
    }

    private static String describe(Throwable t) {
        if (t instanceof FuzzFailure && t.getCause() == null) {
            return t.getMessage();
        }
        StringBuilder b = new StringBuilder(t.toString());
        for (StackTraceElement frame : t.getStackTrace()) {
            b.append("\n      at ").append(frame);
        }
        return b.toString();
    }

    private static Map<String, Supplier<FuzzTarget>> targets() {
        Map<String, Supplier<FuzzTarget>> targets = new LinkedHashMap<>();
        targets.put("pipe", PipeFuzzTarget::new);
        targets.put("unix-socket", SocketFuzzTarget::new);
        targets.put("fifo-server", FifoFuzzTarget::new);
        targets.put("posix-mq", PosixMqFuzzTarget::new);
        targets.put("sysv-mq", SysVMqFuzzTarget::new);
        targets.put("spsc-ring-file", () -> new RingFileFuzzTarget(false));
        targets.put("mpsc-ring-file", () -> new RingFileFuzzTarget(true));
        targets.put("api-misuse", ApiMisuseFuzzTarget::new);
        targets.put("close-racing-use", CloseRacingUseFuzzTarget::new);
        targets.put("ring-file-swap", RingFileSwapFuzzTarget::new);
        for (JournalFileFuzzTarget.FileKind kind : JournalFileFuzzTarget.FileKind.values()) {
            targets.put(new JournalFileFuzzTarget(kind).name(), () -> new JournalFileFuzzTarget(kind));
        }
        return targets;
    }
}
