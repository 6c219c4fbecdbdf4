package io.ipcring.stress.chaos;

import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingOptions;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The ring chaos run: producer JVMs and a consumer JVM on one ring file, SIGKILLed at random
 * (seeded) moments and restarted by {@link ChaosHarness}, then {@link RingChaosCheck} checks the
 * delivery guarantee from their logs, and a last producer and consumer check that the ring still
 * works. The ring lives in /dev/shm; the logs in a temporary directory; both are removed after a
 * run that passed (a failed run keeps its logs and names them).
 *
 * <pre>
 * java -cp stress/target/jcstress.jar io.ipcring.stress.chaos.RingChaos KIND KILLS [SEED]
 * </pre>
 * runs the long form: KIND {@code SPSC} or {@code MPSC}, at least KILLS kills (the message count
 * grows with it so the workers outlive the kills).
 */
public final class RingChaos {
    private static final int CAPACITY = 64 * 1024;
    private static final int MAX_MESSAGE = 1024;

    private final RingKind kind;
    private final int producers;
    private final long messagesPerProducer;
    private final int messagesPerMilli;
    private final int kills;
    private final long seed;
    private final Consumer<String> progress;

    /**
     * @param kind                {@code SPSC} or {@code MPSC}
     * @param producers           producer roles (1 for SPSC)
     * @param messagesPerProducer messages each producer role commits in all
     * @param messagesPerMilli    producer pacing
     * @param kills               SIGKILLs to send
     * @param seed                seeds victims, moments, restart delays and message bodies
     * @param progress            receives a line per kill
     */
    public RingChaos(String kind, int producers, long messagesPerProducer, int messagesPerMilli, int kills, long seed,
                     Consumer<String> progress) {
        this.kind = RingKind.valueOf(kind);
        if (this.kind == RingKind.SPSC && producers != 1) {
            throw new IllegalArgumentException("an SPSC ring has one producer, not producers=" + producers);
        }
        this.producers = producers;
        this.messagesPerProducer = messagesPerProducer;
        this.messagesPerMilli = messagesPerMilli;
        this.kills = kills;
        this.seed = seed;
        this.progress = progress;
    }

    /** What a run did and found. */
    public record Result(ChaosReport report, RingChaosCheck.Verdict verdict, String ringStillWorks, Path workDir) {
        /** @return true when the guarantee held and the ring still works */
        public boolean passed() {
            return verdict.passed() && ringStillWorks == null;
        }

        @Override
        public String toString() {
            RingChaosCheck.Verdict v = verdict;
            return report + "; " + v.committed() + " committed (+" + v.unlogged() + " unlogged by a kill), " + v.delivered()
                    + " delivered, " + v.redeliveries() + " redelivered from " + v.unackedBatches() + " batches in flight at a kill; "
                    + (passed() ? "guarantee held, ring still works" : "FAILED: " + v.problems()
                    + (ringStillWorks == null ? "" : "; " + ringStillWorks) + " (logs in " + workDir + ")");
        }
    }

    /**
     * Runs it.
     *
     * @param timeout the longest the run may take
     * @return what happened; {@link Result#passed()} says whether the guarantee held
     * @throws ChaosFailure         when a worker fails (a damaged message, no room for a minute...)
     * @throws InterruptedException if interrupted
     */
    public Result run(Duration timeout) throws InterruptedException {
        Path dir;
        try {
            dir = Files.createTempDirectory("ipcring-ring-chaos-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path ring = Paths.get("/dev/shm", "ipcring-chaos-" + ProcessHandle.current().pid() + "-" + Long.toHexString(seed)
                + "-" + System.nanoTime());
        kind.create(ring, RingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_MESSAGE).producerSlots(2 * producers + 2))
                .close();
        boolean passed = false;
        try {
            ChaosHarness.Builder harness = ChaosHarness.builder()
                    .seed(seed)
                    .workDir(dir)
                    .kills(kills)
                    .meanKillInterval(300)
                    .maxRestartDelay(100)
                    .timeout(timeout)
                    .progress(progress)
                    .worker(WorkerSpec.killable("consumer", 1, RingChaosConsumer.class, kind.name(), ring.toString(),
                            Integer.toString(producers), Long.toString(seed)));
            harness.worker(WorkerSpec.killable("producer", producers, RingChaosProducer.class, kind.name(), ring.toString(),
                    Long.toString(messagesPerProducer), Integer.toString(messagesPerMilli), Long.toString(seed)));
            ChaosReport report = harness.build().run();
            RingChaosCheck.Verdict verdict = RingChaosCheck.check(dir, producers);
            Result result = new Result(report, verdict, stillWorks(ring), dir);
            passed = result.passed();
            return result;
        } finally {
            SharedRegion.delete(ring);
            if (passed) {
                deleteTree(dir);
            }
        }
    }

    /** @return null when a fresh producer and consumer still send and receive a message, else what failed */
    private String stillWorks(Path ring) {
        try (RingKind.Opened opened = kind.open(ring, RingOptions.defaults().waitStrategy(WaitStrategy.BUSY_SPIN))) {
            RingProducer producer = opened.producer();
            RingConsumer consumer = opened.consumer();
            int claim = producer.tryClaim(RingChaosMessages.PREFIX + 7, 1);
            if (claim < 0) {
                return "the ring has no room for one message after the run";
            }
            RingChaosMessages.write(producer.buffer(), claim, 0, Integer.MAX_VALUE, 0, 7);
            producer.commit(claim);
            String[] got = new String[1];
            int n = consumer.poll((type, buffer, offset, length) -> got[0] = RingChaosMessages.check(type, buffer, offset, length), 10);
            String expected = 0 + " " + Integer.MAX_VALUE + " " + 0;
            return n == 1 && expected.equals(got[0]) ? null : "after the run, a message sent came back as " + n + " x " + got[0];
        } catch (RuntimeException e) {
            return "after the run, the ring fails: " + e;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The long form.
     *
     * @param args KIND (SPSC or MPSC), KILLS, [SEED]
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String kind = args[0];
        int kills = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int producers = kind.equals("MPSC") ? 3 : 1;
        long messages = 2_000L * kills / producers;
        RingChaos chaos = new RingChaos(kind, producers, messages, 10, kills, seed, System.out::println);
        Result result = chaos.run(Duration.ofMinutes(10 + kills / 10));
        System.out.println(result);
        System.exit(result.passed() ? 0 : 1);
    }
}
