package io.ipcring.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a bench: for every transport, ring capacity and size, one {@link CaseParent} JVM pinned to one CPU that
 * starts its {@link CaseChild} pinned to another (when {@code taskset} and two CPUs are there),
 * collects each case's result line, relays its progress, stops a case that reaches its time limit
 * (it reports the round trips it timed, {@link CaseResult#timeBoxed}; one that does not report
 * within {@link #STOP_GRACE_SECONDS} is killed with its child and failed), and removes every case's files, also when this JVM is told to exit
 * in the middle of a case ({@link ExitCleanup}). A transport that reports itself not available
 * is listed as such without starting anything.
 *
 * <p>This process never loads a peer's classes and needs no JVM flag: each case's JVMs get the
 * flags of their own transport only.
 */
public final class BenchRunner {
    private static final int LOG_LINES = 20;
    /** How long a case told its time is up may take to stop and report before it is killed. */
    static final long STOP_GRACE_SECONDS = 10;

    private final BenchOptions options;
    private final ProgressListener listener;
    private final Pinning pinning;
    /**
     * The case running now, for the exit cleanup; null between cases. Volatile: written by the
     * thread running the cases, read by the exit hook's thread.
     */
    private volatile RunningCase running;
    /** Set for the time of {@link #run()}. */
    private ExitCleanup exitCleanup;

    /**
     * @param options  what to measure
     * @param listener told of progress
     */
    public BenchRunner(BenchOptions options, ProgressListener listener) {
        this(options, listener, Pinning.detect());
    }

    /**
     * @param options  what to measure
     * @param listener told of progress
     * @param pinning  which CPUs the cases run on ({@link Pinning#detect()}, or a test's)
     */
    public BenchRunner(BenchOptions options, ProgressListener listener, Pinning pinning) {
        this.options = options;
        this.listener = listener;
        this.pinning = pinning;
    }

    /** @return why cases run unpinned, or null when they are pinned */
    public String pinningProblem() {
        return pinning.reason();
    }

    /** @return which CPUs the cases' two processes run on, or why they run unpinned */
    public Pinning pinning() {
        return pinning;
    }

    /**
     * Runs every case in order, as many rounds as the options ask: round 1 of every case, then
     * round 2 of every case, and so on, so each transport's rounds are spread over the run.
     *
     * @return the report: one result per case, the medians of its rounds ({@link RoundMedian})
     */
    public BenchReport run() {
        try (ExitCleanup cleanup = new ExitCleanup("bench-exit-cleanup", this::removeRunningCaseFiles)) {
            exitCleanup = cleanup;
            return runCases();
        } finally {
            exitCleanup = null;
        }
    }

    private BenchReport runCases() {
        List<Case> cases = cases();
        List<List<CaseResult>> rounds = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            rounds.add(new ArrayList<>());
        }
        int total = cases.size() * options.rounds();
        int index = 0;
        String runTag = "ipcring-bench-" + ProcessHandle.current().pid();
        for (int round = 1; round <= options.rounds(); round++) {
            if (options.rounds() > 1) {
                listener.roundStarted(round, options.rounds());
            }
            for (int c = 0; c < cases.size(); c++) {
                Case one = cases.get(c);
                Transport transport = one.transport();
                String name = transport.name();
                int size = one.size();
                List<CaseResult> earlier = rounds.get(c);
                index++;
                if (!earlier.isEmpty() && !earlier.get(0).available()) {
                    continue;
                }
                boolean sweptCapacity = options.capacities().size() > 1 && transport.capacityUse() != null;
                listener.caseStarted(index, total, name, size, sweptCapacity ? one.capacity() : null);
                CaseResult result;
                String reason = transport.unavailableReason();
                if (reason != null) {
                    result = CaseResult.unavailable(name, transport.mode(), size, reason);
                } else {
                    String tag = runTag + "-" + index;
                    CaseSpec spec = new CaseSpec(name, size, options.warmupFor(transport, size),
                            options.roundTripsFor(transport, size), options.messagesFor(transport, size),
                            BenchOptions.PROBE_ROUND_TRIPS, options.workRoot().resolve(tag), tag,
                            pinning.enabled() ? pinning.childCpu() : -1, one.capacity());
                    result = runCase(transport, spec);
                }
                listener.caseFinished(result);
                earlier.add(result);
            }
        }
        List<CaseResult> results = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            Case one = cases.get(c);
            results.add(RoundMedian.of(rounds.get(c)).withCapacity(one.transport().capacityUse() == null ? null : one.capacity()));
        }
        boolean pinned = pinning.enabled() && results.stream().filter(CaseResult::hasFigures).allMatch(CaseResult::pinned);
        return new BenchReport(MachineInfo.detect(pinned), results);
    }

    /**
     * The cases of one round, in run order: every transport, at every capacity (a transport
     * without a capacity knob only at the first: the others would repeat it), at every size.
     */
    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String name : options.transports()) {
            Transport transport = Transports.get(name);
            List<Integer> capacities = transport.capacityUse() == null ? options.capacities().subList(0, 1) : options.capacities();
            for (int capacity : capacities) {
                for (int size : options.sizes()) {
                    cases.add(new Case(transport, capacity, size));
                }
            }
        }
        return cases;
    }

    /** One case of a round: a transport at a ring capacity and a payload size. */
    private record Case(Transport transport, int capacity, int size) {
    }

    private CaseResult runCase(Transport transport, CaseSpec spec) {
        List<String> command = JvmCommand.of(pinning.prefix(pinning.parentCpu()), transport.jvmFlags(),
                CaseParent.class, spec.toArgs());
        Deque<String> log = new ArrayDeque<>();
        Process process = null;
        running = new RunningCase(transport, spec);
        try {
            // stdin stays open until the case is over, written only to say its time is up: its
            // end of file tells the case that this JVM is gone (CaseParent's runner watch), even
            // after a SIGKILL
            process = exitCleanup.start(new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE));
            Thread errors = relay(process, log);
            String resultLine = readResult(process);
            if (!process.waitFor(options.caseTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("timed out after " + options.caseTimeout().toSeconds() + " s");
            }
            errors.join(TimeUnit.SECONDS.toMillis(5));
            if (resultLine == null) {
                throw new IllegalStateException("the case process exited with code " + process.exitValue()
                        + " without a result; its output: " + lastLines(log));
            }
            return ResultLine.decode(resultLine);
        } catch (IOException | RuntimeException e) {
            return CaseResult.failed(spec.transport(), transport.mode(), spec.size(), e.getMessage(), null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CaseResult.failed(spec.transport(), transport.mode(), spec.size(), "interrupted", null, false);
        } finally {
            if (process != null) {
                kill(process);
                closeQuietly(process.getOutputStream());
            }
            transport.removeLeftovers(spec);
            deleteTree(spec.workDir());
            running = null;
        }
    }

    /** The exit cleanup's files: those of the case that was running, once its processes are gone. */
    private void removeRunningCaseFiles() {
        RunningCase c = running;
        if (c != null) {
            c.transport().removeLeftovers(c.spec());
            deleteTree(c.spec().workDir());
        }
    }

    /** A case between the start of its processes and the removal of its files. */
    private record RunningCase(Transport transport, CaseSpec spec) {
    }

    /**
     * Reads stdout until the case ends, bounded by its time limit; at the limit the case is told
     * its time is up, and killed when it has not ended {@link #STOP_GRACE_SECONDS} later.
     *
     * @return the result line, or null when the case ended without one
     */
    private String readResult(Process process) throws InterruptedException {
        String[] result = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(ResultLine.PREFIX)) {
                        result[0] = line;
                    }
                }
            } catch (IOException e) {
                // the process was killed; no result
            }
        }, "bench-case-stdout");
        reader.setDaemon(true);
        reader.start();
        reader.join(options.caseTimeout().toMillis());
        if (reader.isAlive()) {
            timeUp(process);
            reader.join(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS));
        }
        if (reader.isAlive()) {
            kill(process);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            throw new IllegalStateException("timed out after " + options.caseTimeout().toSeconds() + " s and did not stop"
                    + " within " + STOP_GRACE_SECONDS + " s of being told");
        }
        return result[0];
    }

    /** Tells the case its time is up: it stops its round trips and reports those it timed. */
    private static void timeUp(Process process) {
        try {
            process.getOutputStream().write(CaseParent.TIME_UP);
            process.getOutputStream().flush();
        } catch (IOException e) {
            // the case has ended; its result (or its absence) says the rest
        }
    }

    private Thread relay(Process process, Deque<String> log) {
        Thread thread = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    String[] progress = Progress.parse(line);
                    if (progress != null) {
                        listener.progress(progress[0], Long.parseLong(progress[1]), Long.parseLong(progress[2]));
                    } else {
                        synchronized (log) {
                            log.addLast(line);
                            if (log.size() > LOG_LINES) {
                                log.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "bench-case-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String lastLines(Deque<String> log) {
        synchronized (log) {
            return log.isEmpty() ? "(nothing)" : String.join(" | ", log);
        }
    }

    /** Ends the case's processes: its child first, then it; only processes this run started. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            // the case has ended; its stdin pipe has no reader left to tell
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not remove " + dir + ": " + e);
        }
    }
}
