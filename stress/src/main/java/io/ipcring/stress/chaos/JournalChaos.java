package io.ipcring.stress.chaos;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalOptions;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import io.ipcring.sync.os.ChildJvmFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The journal chaos run: {@value #APPENDERS} appender JVMs ({@link JournalChaosAppender}) and
 * {@value #READERS} named reader JVMs ({@link JournalChaosReader}) on one journal of 64 KiB
 * segments (so it rolls every few hundred records), SIGKILLed at random (seeded) moments and
 * restarted by {@link ChaosHarness}. Before the harness starts, a {@link JournalClaimHolder}
 * claims the first record and is SIGKILLed holding it, so every run has a dead appender's claim
 * to repair; random kills add more (the appenders pause inside one claim in two). The tests and
 * the long form kill every 1.5 s on average: a worker JVM took about a second to start on this
 * project's 2-vCPU VM, and with 0.2-0.5 s gaps most kills landed in JVMs still starting (no kill
 * inside a claim in 10 kills, measured 2026-12-08).
 *
 * <p>Checked from the logs by {@link RingChaosCheck}, once per named reader (each alone, as a
 * one-consumer ring): every committed message delivered, each appender's in order, and a message
 * delivered again only when it was in the batch in flight at that reader's kill. Then an
 * unnamed reader replays the journal from the first record: every committed message once, in
 * order, no redelivery; the held claim's sequence is never delivered; the journal counted at
 * least one repair. The journal lives in /dev/shm, the logs in a temporary directory; both are
 * removed after a run that passed (a failed run keeps its logs and names them).
 *
 * <pre>
 * java -cp stress/target/jcstress.jar io.ipcring.stress.chaos.JournalChaos KILLS [SEED]
 * </pre>
 * runs the long form (the message count grows with KILLS, so the workers outlive the kills).
 */
public final class JournalChaos {
    /** Appender roles. */
    static final int APPENDERS = 3;
    /** Named reader roles. */
    static final int READERS = 2;
    /** Every process's journal options: small segments, so kills land around rolls too. */
    static final JournalOptions OPTIONS = JournalOptions.defaults().rollBytes(JournalOptions.MIN_ROLL_BYTES)
            .maxMessageLength(256);
    private static final long HOLDER_TIMEOUT_SECONDS = 60;
    private static final long REPLAY_TIMEOUT_SECONDS = 120;

    private final long messagesPerAppender;
    private final int kills;
    private final long meanKillIntervalMillis;
    private final long seed;
    private final Consumer<String> progress;

    /**
     * @param messagesPerAppender messages each appender role commits in all
     * @param kills               SIGKILLs to send
     * @param meanKillIntervalMillis the mean gap between kills
     * @param seed                seeds victims, moments, restart delays and message bodies
     * @param progress            receives a line per kill
     */
    public JournalChaos(long messagesPerAppender, int kills, long meanKillIntervalMillis, long seed, Consumer<String> progress) {
        this.messagesPerAppender = messagesPerAppender;
        this.kills = kills;
        this.meanKillIntervalMillis = meanKillIntervalMillis;
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * @param index a reader role's index
     * @return its reader name, also its log directory's name
     */
    static String readerName(int index) {
        return "reader-" + index;
    }

    /**
     * What a run did and found.
     *
     * @param report        what the harness did (kills, restarts)
     * @param readers       each named reader's verdict
     * @param replay        the unnamed replay's verdict
     * @param heldSequence  the sequence of the claim held by the killed {@link JournalClaimHolder}
     * @param heldDelivered whether the replay delivered that sequence (a named reader that did
     *                      would have found it damaged and failed the run)
     * @param repairs       dead appenders' claims the journal repaired
     * @param rolls         segment rolls
     * @param workDir       the logs (deleted after a run that passed)
     */
    public record Result(ChaosReport report, List<RingChaosCheck.Verdict> readers, RingChaosCheck.Verdict replay,
                         long heldSequence, boolean heldDelivered, long repairs, long rolls, Path workDir) {
        /** @return true when every guarantee held */
        public boolean passed() {
            return readers.stream().allMatch(RingChaosCheck.Verdict::passed) && replay.passed() && replay.redeliveries() == 0
                    && !heldDelivered && repairs >= 1;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("journal ").append(report).append("; ").append(replay.committed())
                    .append(" committed (+").append(replay.unlogged()).append(" unlogged by a kill), ").append(rolls)
                    .append(" rolls, ").append(repairs).append(" claims repaired (held claim at sequence ").append(heldSequence)
                    .append(heldDelivered ? " DELIVERED" : " skipped").append(")");
            for (int r = 0; r < readers.size(); r++) {
                RingChaosCheck.Verdict v = readers.get(r);
                b.append("; ").append(readerName(r)).append(": ").append(v.delivered()).append(" delivered, ")
                        .append(v.redeliveries()).append(" redelivered of ").append(v.inFlight()).append(" batches in flight at a kill")
                        .append(v.passed() ? "" : " FAILED: " + v.problems());
            }
            b.append("; replay: ").append(replay.delivered()).append(" delivered, ").append(replay.redeliveries())
                    .append(" redelivered").append(replay.passed() ? "" : " FAILED: " + replay.problems());
            return b.append(passed() ? "; guarantee held" : "; FAILED (logs in " + workDir + ")").toString();
        }
    }

    /**
     * Runs it.
     *
     * @param timeout the longest the harness's part may take
     * @return what happened; {@link Result#passed()} says whether the guarantees held
     * @throws ChaosFailure         when a worker fails (a damaged record, a reader stuck...)
     * @throws InterruptedException if interrupted
     */
    public Result run(Duration timeout) throws InterruptedException {
        Path dir;
        try {
            dir = Files.createTempDirectory("ipcring-journal-chaos-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path journalDir = Paths.get("/dev/shm", "ipcring-journal-chaos-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(seed) + "-" + System.nanoTime());
        boolean passed = false;
        try {
            Journal.open(journalDir, OPTIONS).close();
            long held = holdAndKill(journalDir, dir);
            ChaosReport report = ChaosHarness.builder()
                    .seed(seed)
                    .workDir(dir)
                    .kills(kills)
                    .meanKillInterval(meanKillIntervalMillis)
                    .maxRestartDelay(100)
                    .timeout(timeout)
                    .progress(progress)
                    .worker(WorkerSpec.killable("reader", READERS, JournalChaosReader.class, journalDir.toString(),
                            Integer.toString(APPENDERS), Long.toString(seed)))
                    .worker(WorkerSpec.killable("appender", APPENDERS, JournalChaosAppender.class, journalDir.toString(),
                            Long.toString(messagesPerAppender), Long.toString(seed)))
                    .build()
                    .run();
            List<RingChaosCheck.Verdict> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(RingChaosCheck.check(withCommittedLogs(dir, dir.resolve(readerName(r))), APPENDERS, 1, true));
            }
            Path replayDir = Files.createDirectories(dir.resolve("replay"));
            Set<Long> sequences = new HashSet<>();
            long repairs;
            long rolls;
            try (Journal journal = Journal.open(journalDir, OPTIONS)) {
                replay(journal, replayDir, sequences);
                repairs = journal.repairs();
                rolls = journal.rolls();
            }
            RingChaosCheck.Verdict replay = RingChaosCheck.check(withCommittedLogs(dir, replayDir), APPENDERS, 1, true);
            Result result = new Result(report, readers, replay, held, sequences.contains(held),
                    repairs, rolls, dir);
            passed = result.passed();
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(journalDir);
            if (passed) {
                deleteTree(dir);
            }
        }
    }

    /**
     * Starts a {@link JournalClaimHolder}, waits for its claim and SIGKILLs it.
     *
     * @return the held claim's sequence
     */
    private static long holdAndKill(Path journalDir, Path dir) throws InterruptedException, IOException {
        Path sequenceFile = dir.resolve("held-sequence");
        Path log = dir.resolve("holder.log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvmFlags.forIpcring());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalClaimHolder.class.getName());
        command.add(journalDir.toString());
        command.add(sequenceFile.toString());
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLDER_TIMEOUT_SECONDS);
            while (!Files.exists(sequenceFile)) {
                if (!holder.isAlive() || System.nanoTime() > deadline) {
                    throw new ChaosFailure("the claim holder (pid " + holder.pid() + ") did not claim within "
                            + HOLDER_TIMEOUT_SECONDS + " s or exited; output:\n" + Files.readString(log));
                }
                Thread.sleep(5);
            }
            return Long.parseLong(Files.readString(sequenceFile).trim());
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    /** Copies the appenders' committed logs next to one reader's delivered log, for {@link RingChaosCheck}. */
    private static Path withCommittedLogs(Path dir, Path readerDir) throws IOException {
        Files.createDirectories(readerDir);
        for (int p = 0; p < APPENDERS; p++) {
            Path committed = dir.resolve("committed-" + p + ".log");
            if (Files.exists(committed)) {
                Files.copy(committed, readerDir.resolve(committed.getFileName()));
            }
        }
        return readerDir;
    }

    /** Reads the whole journal from the first record with an unnamed reader, logging as a reader does. */
    private static void replay(Journal journal, Path replayDir, Set<Long> sequences) throws InterruptedException {
        try (JournalReader reader = journal.reader(JournalStart.first());
             ChaosLog log = new ChaosLog(replayDir.resolve("delivered-0.log"))) {
            log.line("start 0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLAY_TIMEOUT_SECONDS);
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new ChaosFailure("the replay did not reach the journal's end within " + REPLAY_TIMEOUT_SECONDS
                            + " s: reader at sequence " + reader.nextSequence() + ", journal at " + journal.nextSequence());
                }
                int n = reader.poll((sequence, timestamp, type, buffer, offset, length) -> {
                    sequences.add(sequence);
                    String id = RingChaosMessages.check(type, buffer, offset, length);
                    log.line(id == null ? "damaged sequence=" + sequence : id);
                }, 1024, 100, TimeUnit.MILLISECONDS);
                if (n > 0) {
                    log.line("ack");
                } else if (reader.nextSequence() >= journal.nextSequence()) {
                    break;
                }
            }
            log.line("exit");
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The long form.
     *
     * @param args KILLS, [SEED]
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int kills = Integer.parseInt(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Result result = new JournalChaos(10_000L * kills, kills, 1_500, seed, System.out::println)
                .run(Duration.ofMinutes(10 + kills / 10));
        System.out.println(result);
        System.exit(result.passed() ? 0 : 1);
    }
}
