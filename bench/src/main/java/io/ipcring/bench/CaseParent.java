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
 * no case outlives its runner or leaves files in {@code /dev/shm}. The same watch takes the
 * runner's {@link #TIME_UP}: the case then stops its round trips at the next
 * {@link #STOP_CHECK_ROUND_TRIPS} and reports those it timed ({@link CaseResult#timeBoxed}), or
 * fails when it timed none.
 */
public final class CaseParent {
    /** Exit code of a child whose transport turned out not to be available here. */
    static final int EXIT_UNAVAILABLE = 3;
    /** A child log line starting with this carries the reason it was not available. */
    static final String UNAVAILABLE_PREFIX = "UNAVAILABLE ";
    /** Exit code of a case that ended itself because the runner that started it is gone. */
    static final int EXIT_RUNNER_GONE = 4;
    /** The byte the runner writes on the case's stdin when the case's time is up. */
    static final int TIME_UP = 'T';
    /**
     * Round trips between two looks at {@link #timeUp}: a time-up is seen within this many, and the
     * look (one volatile load) stays out of the round trips themselves.
     */
    static final int STOP_CHECK_ROUND_TRIPS = 256;
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
    /** Set by the runner watch when the runner says the time is up; read by the case's thread. */
    private volatile boolean timeUp;
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
     * Ends the case once the runner is gone, and passes on its time-up. The runner keeps the write
     * end of this process's stdin open for the whole case and writes nothing but
     * {@link #TIME_UP}, so a read here returns end of file when
     * the runner closes it or dies, however it dies: the kernel closes a dead process's
     * descriptors, and no process but the runner holds that one (the JDK closes inherited
     * descriptors in every process it starts). A blocked read costs nothing, where polling the
     * runner's pid would wake a thread on this process's CPU while the case measures.
     */
    private void watchRunner() {
        Thread watch = new Thread(() -> {
            try {
                int b;
                while ((b = System.in.read()) >= 0) {
                    if (b == TIME_UP) {
                        timeUp = true;
                    }
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
            int warmedUp = chunked("warm-up", endpoint, 0, spec.warmup(), histogram);
            if (warmedUp < spec.warmup()) {
                throw new TimeoutException("time limit reached in the warm-up, after " + warmedUp + " of " + spec.warmup()
                        + " round trips: none timed");
            }
            histogram.reset();
            int timed = chunked("ping-pong", endpoint, warmedUp, spec.roundTrips(), histogram);
            if (timed == 0) {
                throw new TimeoutException("time limit reached before the first timed round trip");
            }
            if (!stream("throughput-warm-up", endpoint, spec.throughputWarmup())) {
                return timeBoxed(control, child, histogram, timed);
            }
            control.await(Step.WARMED, 1, TimeUnit.HOURS);
            if (!stream("throughput", endpoint, spec.messages())) {
                return timeBoxed(control, child, histogram, timed);
            }
            control.await(Step.RECEIVED, 1, TimeUnit.HOURS);
            long received = control.received();
            long elapsed = Math.max(1, control.elapsedNanos());
            if (received != spec.messages()) {
                throw new IllegalStateException("child received " + received + " messages, " + spec.messages() + " were sent");
            }
            control.await(Step.CLOSED, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            childMayExit = true;
            // the child exits only after this, so the watchdog never takes its exit for an early
            // one (it did under load: the child exited before this thread woke from the await);
            // before the close, which may wait for the child's exit (a pipe's does)
            control.reach(Step.CLOSED);
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

    /**
     * The result of a case whose time is up after {@code timed} round trips (all of them when the
     * time-up came in the throughput stream): ends the child at once, since it waits for messages
     * that will not come.
     */
    private CaseResult timeBoxed(ControlBlock control, Process child, Histogram histogram, int timed) {
        childMayExit = true;
        abort(control);
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
        return CaseResult.timeBoxed(spec.transport(), transport.mode(), spec.size(), LatencySummary.of(histogram), timed,
                floor, pinned);
    }

    private static boolean thisProcessIsPinned() {
        try {
            return Pinning.allowedCpus(Path.of("/proc/self/status")).size() == 1;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Runs {@code count} round trips in chunks, reporting progress between them, and stops early
     * when the runner says the time is up.
     *
     * @return the round trips done: {@code count}, or fewer after a time-up
     */
    private int chunked(String phase, Endpoint endpoint, long firstSequence, int count, Histogram histogram) {
        int chunk = Math.max(1, count / CHUNKS);
        int done = 0;
        progress(phase, 0, count);
        while (done < count && !timeUp) {
            int end = Math.min(done + chunk, count);
            while (done < end && !timeUp) {
                int n = Math.min(STOP_CHECK_ROUND_TRIPS, end - done);
                endpoint.pingPong(firstSequence + done, n, histogram);
                done += n;
            }
            progress(phase, done, count);
        }
        return done;
    }

    /**
     * Sends one numbered stream in chunks, reporting progress between them (as sent, not yet
     * received), unless the time is up.
     *
     * @return true when all was sent, false when the time was up first
     */
    private boolean stream(String phase, Endpoint endpoint, long count) {
        long chunk = Math.max(1, count / CHUNKS);
        long sent = 0;
        progress(phase, 0, count);
        while (sent < count) {
            if (timeUp) {
                return false;
            }
            long n = Math.min(chunk, count - sent);
            endpoint.send(sent, n);
            sent += n;
            progress(phase, sent, count);
        }
        return true;
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
