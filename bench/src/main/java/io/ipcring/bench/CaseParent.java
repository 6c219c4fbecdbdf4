package io.ipcring.bench;

import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.pipe.PipeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The parent process of one case (main class): runs pinned to its CPU, starts the
 * {@link CaseChild} pinned to another, measures the floor probe, opens its endpoint, runs the
 * ping-pong and sends the throughput messages, then prints one {@link ResultLine} on stdout.
 * Progress goes to stderr as {@link Progress} lines. One JVM per case keeps each transport's hot
 * loop free of other transports' classes and JIT profiles, and gives each peer its own JVM flags.
 *
 * <p>A watchdog reports the case as failed (or not available) and halts this JVM if the child
 * exits before it should, so a dead child never leaves the parent spinning. A second watch ends
 * the case when the runner that started it is gone (killed, SIGKILL included): it kills the
 * child, removes the case's files as the runner would and halts ({@link #EXIT_RUNNER_GONE}), so
 * no case outlives its runner or leaves files in {@code /dev/shm}.
 */
public final class CaseParent {
    /** Exit code of a child whose transport turned out not to be available here. */
    static final int EXIT_UNAVAILABLE = 3;
    /** A child log line starting with this carries the reason it was not available. */
    static final String UNAVAILABLE_PREFIX = "UNAVAILABLE ";
    /** Exit code of a case that ended itself because the runner that started it is gone. */
    static final int EXIT_RUNNER_GONE = 4;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int CHUNKS = 10;
    private static final long SETUP_TIMEOUT_SECONDS = 120;

    private final CaseSpec spec;
    private final Transport transport;
    private final Path childLog;
    private volatile boolean childMayExit;
    /** Guards {@link #startedChild} and {@link #runnerGone}: the child starts only while the runner is there. */
    private final Object childLock = new Object();
    /** The child once started. Guarded by {@link #childLock}. */
    private Process startedChild;
    /** Set by the runner watch. Guarded by {@link #childLock}. */
    private boolean runnerGone;
    private PipeProcess pipe;
    private boolean reported;
    private Long floor;
    private boolean pinned;

    private CaseParent(CaseSpec spec, Transport transport) {
        this.spec = spec;
        this.transport = transport;
        this.childLog = spec.workDir().resolve("child.log");
    }

    /**
     * Runs one case.
     *
     * @param args the case, as {@link CaseSpec#toArgs()} wrote it
     */
    public static void main(String[] args) {
        CaseSpec spec = CaseSpec.parse(args);
        CaseParent parent = new CaseParent(spec, Transports.get(spec.transport()));
        parent.watchRunner();
        parent.report(parent.run());
        System.exit(0);
    }

    private synchronized void report(CaseResult result) {
        if (!reported) {
            reported = true;
            System.out.println(ResultLine.encode(result));
            System.out.flush();
        }
    }

    /**
     * Ends the case once the runner is gone. The runner keeps the write end of this process's
     * stdin open for the whole case and writes nothing, so a read here returns end of file when
     * the runner closes it or dies, however it dies: the kernel closes a dead process's
     * descriptors, and no process but the runner holds that one (the JDK closes inherited
     * descriptors in every process it starts). A blocked read costs nothing, where polling the
     * runner's pid would wake a thread on this process's CPU while the case measures.
     */
    private void watchRunner() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the runner sends nothing; a stray byte is skipped
                }
            } catch (IOException e) {
                // stdin broke: the runner is gone as well
            }
            endWithoutRunner();
        }, "case-runner-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * Kills the child (and anything it started), removes the transport's leftovers and the case's
     * directory, then halts: the cleanup the runner does after a case, done here because nobody
     * else will. The case's own thread is not stopped first: a file it creates in the instant
     * between the removal and the halt would stay.
     */
    private void endWithoutRunner() {
        Process started;
        synchronized (childLock) {
            runnerGone = true;
            started = startedChild;
        }
        childMayExit = true;
        if (started != null) {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
            try {
                started.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            transport.removeLeftovers(spec);
        } finally {
            BenchRunner.deleteTree(spec.workDir());
            Runtime.getRuntime().halt(EXIT_RUNNER_GONE);
        }
    }

    private static void progress(String phase, long done, long total) {
        System.err.println(Progress.line(phase, done, total));
    }

    private CaseResult run() {
        Process child = null;
        Endpoint endpoint = null;
        ControlBlock control = null;
        try {
            Files.createDirectories(spec.workDir());
            control = ControlBlock.create(spec.workDir().resolve("control"));
            transport.prepare(spec);
            progress("starting", 0, 1);
            synchronized (childLock) {
                if (runnerGone) {
                    throw new IllegalStateException("the runner is gone: the child is not started");
                }
                child = startChild();
                startedChild = child;
            }
            control.await(Step.STARTED, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // checked once the child runs Java: taskset has pinned and exec'd it by then
            pinned = spec.childCpu() >= 0 && Pinning.isPinned(child.pid(), spec.childCpu()) && thisProcessIsPinned();
            floor = probe(control);
            progress("opening", 0, 1);
            endpoint = transport.open(new CaseContext(spec, Side.PARENT, child, pipe));
            control.reach(Step.OPENED);
            control.await(Step.OPENED, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
            long seq = 0;
            seq = chunked("warm-up", endpoint, seq, spec.warmup(), histogram);
            histogram.reset();
            chunked("ping-pong", endpoint, seq, spec.roundTrips(), histogram);
            stream("throughput-warm-up", endpoint, spec.throughputWarmup());
            control.await(Step.WARMED, 1, TimeUnit.HOURS);
            stream("throughput", endpoint, spec.messages());
            control.await(Step.RECEIVED, 1, TimeUnit.HOURS);
            long received = control.received();
            long elapsed = Math.max(1, control.elapsedNanos());
            if (received != spec.messages()) {
                throw new IllegalStateException("child received " + received + " messages, " + spec.messages() + " were sent");
            }
            control.await(Step.CLOSED, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            childMayExit = true;
            Endpoint closing = endpoint;
            endpoint = null;
            closing.close();
            if (!child.waitFor(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new TimeoutException("child did not exit after closing");
            }
            return CaseResult.measured(spec.transport(), transport.mode(), spec.size(), LatencySummary.of(histogram),
                    (received - 1) * 1e9 / elapsed, spec.roundTrips(), spec.messages(), floor, pinned);
        } catch (TransportUnavailableException e) {
            childMayExit = true;
            abort(control);
            return CaseResult.unavailable(spec.transport(), transport.mode(), spec.size(), e.getMessage());
        } catch (Exception | Error e) {
            childMayExit = true;
            abort(control);
            return CaseResult.failed(spec.transport(), transport.mode(), spec.size(), describe(e), floor, pinned);
        } finally {
            childMayExit = true;
            if (endpoint != null) {
                closeQuietly(endpoint);
            }
            if (child != null) {
                stop(child);
            }
            if (control != null) {
                control.close();
            }
        }
    }

    private static boolean thisProcessIsPinned() {
        try {
            return Pinning.allowedCpus(Path.of("/proc/self/status")).size() == 1;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private long chunked(String phase, Endpoint endpoint, long firstSequence, int count, Histogram histogram) {
        int chunk = Math.max(1, count / CHUNKS);
        long seq = firstSequence;
        int done = 0;
        progress(phase, 0, count);
        while (done < count) {
            int n = Math.min(chunk, count - done);
            endpoint.pingPong(seq, n, histogram);
            seq += n;
            done += n;
            progress(phase, done, count);
        }
        return seq;
    }

    /** Sends one numbered stream in chunks, reporting progress between them (as sent, not yet received). */
    private static void stream(String phase, Endpoint endpoint, long count) {
        long chunk = Math.max(1, count / CHUNKS);
        long sent = 0;
        progress(phase, 0, count);
        while (sent < count) {
            long n = Math.min(chunk, count - sent);
            endpoint.send(sent, n);
            sent += n;
            progress(phase, sent, count);
        }
    }

    private long probe(ControlBlock control) {
        progress("floor-probe", 0, 1);
        SpinMailbox probe = new SpinMailbox(control.memory(), ControlLayout.PROBE_PING_OFFSET,
                ControlLayout.PROBE_PONG_OFFSET, 0, 0, 0);
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        probe.pingPong(0, spec.probeRoundTrips(), histogram);
        histogram.reset();
        probe.pingPong(spec.probeRoundTrips(), spec.probeRoundTrips(), histogram);
        progress("floor-probe", 1, 1);
        return histogram.getValueAtPercentile(50.0);
    }

    private Process startChild() throws IOException {
        List<String> command = JvmCommand.of(spec.childCpu() >= 0 ? List.of("taskset", "-c", Integer.toString(spec.childCpu()))
                : List.of(), transport.jvmFlags(), CaseChild.class, spec.toArgs());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(childLog.toFile()));
        Process child;
        if (transport.usesChildStdio()) {
            pipe = PipeProcess.start(builder, StreamOptions.defaults());
            child = pipe.process();
        } else {
            // only a pipe transport reads the child's stdout; anything a library prints there goes to the log
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(childLog.toFile()));
            child = builder.start();
        }
        child.onExit().thenRun(() -> {
            if (!childMayExit) {
                int code = child.exitValue();
                String log = logTail();
                if (code == EXIT_UNAVAILABLE) {
                    report(CaseResult.unavailable(spec.transport(), transport.mode(), spec.size(), unavailableLine(log)));
                } else {
                    report(CaseResult.failed(spec.transport(), transport.mode(), spec.size(),
                            "child exited with code " + code + ": " + log, floor, pinned));
                }
                Runtime.getRuntime().halt(0);
            }
        });
        return child;
    }

    private static String unavailableLine(String log) {
        for (String line : log.split("\n")) {
            if (line.startsWith(UNAVAILABLE_PREFIX)) {
                return line.substring(UNAVAILABLE_PREFIX.length());
            }
        }
        return "the child could not open the transport: " + log;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(childLog, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
        } catch (IOException e) {
            return "(no child log: " + e.getMessage() + ")";
        }
    }

    private String describe(Throwable e) {
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        String log = logTail();
        return log.isBlank() ? message : message + "; child log: " + log;
    }

    /** Tells the child to give up; the caller has set {@code childMayExit}, since it will exit now. */
    private static void abort(ControlBlock control) {
        if (control != null) {
            control.reach(Step.ABORTED);
        }
    }

    private static void closeQuietly(Endpoint endpoint) {
        try {
            endpoint.close();
        } catch (RuntimeException e) {
            System.err.println("bench: closing the parent's endpoint failed: " + e);
        }
    }

    private static void stop(Process child) {
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
