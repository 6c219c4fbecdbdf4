package io.ipcring.stress.chaos;

import io.ipcring.sync.os.ChildJvmFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs a multi-process chaos experiment: starts the JVMs of every {@link WorkerSpec}, SIGKILLs
 * randomly chosen killable workers at random moments (exponentially distributed gaps, from a
 * seeded generator), restarts each killed worker after a random delay with its incarnation
 * number raised, and waits until every worker has exited with status 0. What the workers wrote
 * in the work directory is then the caller's to check.
 *
 * <pre>{@code
 * ChaosReport report = ChaosHarness.builder()
 *         .seed(42)
 *         .workDir(dir)
 *         .worker(WorkerSpec.killable("producer", 2, ProducerMain.class, "100000"))
 *         .worker(WorkerSpec.killable("consumer", 1, ConsumerMain.class))
 *         .kills(20)
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>The harness ends only the processes it started: on failure or timeout it kills every worker
 * still running before it throws.
 */
public final class ChaosHarness {
    private static final long POLL_MILLIS = 5;

    private final long seed;
    private final Path workDir;
    private final List<WorkerSpec> workers;
    private final int kills;
    private final long meanKillIntervalMillis;
    private final long maxRestartDelayMillis;
    private final Duration timeout;
    private final String classPath;
    private final Consumer<String> progress;

    private ChaosHarness(Builder b) {
        this.seed = b.seed;
        this.workDir = Objects.requireNonNull(b.workDir, "workDir");
        this.workers = List.copyOf(b.workers);
        this.kills = b.kills;
        this.meanKillIntervalMillis = b.meanKillIntervalMillis;
        this.maxRestartDelayMillis = b.maxRestartDelayMillis;
        this.timeout = b.timeout;
        this.classPath = b.classPath;
        this.progress = b.progress;
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("a chaos run needs at least one worker");
        }
        if (kills > 0 && workers.stream().noneMatch(WorkerSpec::killable)) {
            throw new IllegalArgumentException("kills=" + kills + " but no role is killable");
        }
    }

    /** @return a builder with defaults: seed 1, no kills, 200 ms mean gap, 5 minute timeout */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the experiment to its end.
     *
     * @return what happened
     * @throws ChaosFailure         when a worker fails or the run exceeds its timeout
     * @throws InterruptedException if interrupted (every worker is killed first)
     */
    public ChaosReport run() throws InterruptedException {
        try {
            Files.createDirectories(workDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Running> running = new LinkedHashMap<>();
        List<PendingRestart> pending = new ArrayList<>();
        Map<String, Integer> killsByRole = new TreeMap<>();
        int killed = 0;
        int restarted = 0;
        int finished = 0;
        long start = System.currentTimeMillis();
        long deadline = start + timeout.toMillis();
        long nextKill = start + nextGap(random);
        try {
            for (WorkerSpec spec : workers) {
                for (int i = 0; i < spec.count(); i++) {
                    Running r = launch(spec, i, 0);
                    running.put(r.key(), r);
                }
            }
            while (!running.isEmpty() || !pending.isEmpty()) {
                long now = System.currentTimeMillis();
                if (now > deadline) {
                    throw new ChaosFailure("chaos run seed=" + seed + " did not finish within " + timeout
                            + " (" + running.keySet() + " still running; " + killed + " kills)");
                }
                for (Iterator<Running> it = running.values().iterator(); it.hasNext(); ) {
                    Running r = it.next();
                    if (!r.process.isAlive()) {
                        int code = r.process.exitValue();
                        if (code != 0) {
                            throw new ChaosFailure("worker " + r.key() + " incarnation " + r.incarnation
                                    + " exited with status " + code + " (seed=" + seed + "); output:\n" + tail(r.log));
                        }
                        finished++;
                        it.remove();
                    }
                }
                if (killed < kills && now >= nextKill) {
                    List<Running> candidates = new ArrayList<>();
                    for (Running r : running.values()) {
                        if (r.spec.killable()) {
                            candidates.add(r);
                        }
                    }
                    if (!candidates.isEmpty()) {
                        Running victim = candidates.get(random.nextInt(candidates.size()));
                        victim.process.destroyForcibly().waitFor();
                        running.remove(victim.key());
                        killed++;
                        killsByRole.merge(victim.spec.role(), 1, Integer::sum);
                        long delay = maxRestartDelayMillis == 0 ? 0 : random.nextLong(maxRestartDelayMillis + 1);
                        pending.add(new PendingRestart(victim.spec, victim.index, victim.incarnation + 1, now + delay));
                        progress.accept("kill " + killed + "/" + kills + ": " + victim.key() + " incarnation "
                                + victim.incarnation + " (pid " + victim.process.pid() + ")");
                    }
                    nextKill = now + nextGap(random);
                }
                for (Iterator<PendingRestart> it = pending.iterator(); it.hasNext(); ) {
                    PendingRestart p = it.next();
                    if (now >= p.at) {
                        Running r = launch(p.spec, p.index, p.incarnation);
                        running.put(r.key(), r);
                        restarted++;
                        it.remove();
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            for (Running r : running.values()) {
                r.process.destroyForcibly();
            }
            for (Running r : running.values()) {
                r.process.waitFor();
            }
        }
        return new ChaosReport(seed, killed, restarted, finished, killsByRole,
                System.currentTimeMillis() - start, workDir);
    }

    private long nextGap(SplittableRandom random) {
        return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * meanKillIntervalMillis));
    }

    private Running launch(WorkerSpec spec, int index, int incarnation) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvmFlags.forIpcring());
        command.add("-cp");
        command.add(classPath);
        command.addAll(spec.jvmArgs());
        command.add(spec.mainClass());
        command.add(spec.role());
        command.add(Integer.toString(index));
        command.add(Integer.toString(incarnation));
        command.add(workDir.toAbsolutePath().toString());
        command.addAll(spec.args());
        Path log = workDir.resolve("logs").resolve(spec.role() + "-" + index + "-" + incarnation + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Running(spec, index, incarnation, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + spec.role() + "-" + index, e);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static final class Running {
        final WorkerSpec spec;
        final int index;
        final int incarnation;
        final Process process;
        final Path log;

        Running(WorkerSpec spec, int index, int incarnation, Process process, Path log) {
            this.spec = spec;
            this.index = index;
            this.incarnation = incarnation;
            this.process = process;
            this.log = log;
        }

        String key() {
            return spec.role() + "-" + index;
        }
    }

    private static final class PendingRestart {
        final WorkerSpec spec;
        final int index;
        final int incarnation;
        final long at;

        PendingRestart(WorkerSpec spec, int index, int incarnation, long at) {
            this.spec = spec;
            this.index = index;
            this.incarnation = incarnation;
            this.at = at;
        }
    }

    /** Configures a {@link ChaosHarness}. */
    public static final class Builder {
        private long seed = 1;
        private Path workDir;
        private final List<WorkerSpec> workers = new ArrayList<>();
        private int kills;
        private long meanKillIntervalMillis = 200;
        private long maxRestartDelayMillis = 100;
        private Duration timeout = Duration.ofMinutes(5);
        private String classPath = System.getProperty("java.class.path");
        private Consumer<String> progress = message -> { };

        private Builder() {
        }

        /** @param seed seeds the choice of victims, kill moments and restart delays @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param workDir where workers write results and the harness writes their logs @return this */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** @param spec a role to run @return this */
        public Builder worker(WorkerSpec spec) {
            workers.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** @param kills how many SIGKILLs to send while killable workers run @return this */
        public Builder kills(int kills) {
            if (kills < 0) {
                throw new IllegalArgumentException("kills=" + kills + " must not be negative");
            }
            this.kills = kills;
            return this;
        }

        /** @param millis the mean gap between kills, positive @return this */
        public Builder meanKillInterval(long millis) {
            if (millis <= 0) {
                throw new IllegalArgumentException("meanKillInterval=" + millis + " must be positive");
            }
            this.meanKillIntervalMillis = millis;
            return this;
        }

        /** @param millis the longest wait before a killed worker restarts @return this */
        public Builder maxRestartDelay(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("maxRestartDelay=" + millis + " must not be negative");
            }
            this.maxRestartDelayMillis = millis;
            return this;
        }

        /** @param timeout the run fails when it lasts longer @return this */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** @param classPath the workers' class path (default: this JVM's) @return this */
        public Builder classPath(String classPath) {
            this.classPath = Objects.requireNonNull(classPath, "classPath");
            return this;
        }

        /** @param progress receives a line per kill @return this */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** @return the harness */
        public ChaosHarness build() {
            return new ChaosHarness(this);
        }
    }
}
