package io.ipcring.stress.chaos;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The ring chaos run: producer JVMs and consumer JVMs on one ring file (SPSC, MPSC or work queue,
 * the queue under {@code RingQueue}), SIGKILLed at random
 * (seeded) moments and restarted by {@link ChaosHarness}, then {@link RingChaosCheck} checks the
 * delivery guarantee from their logs, and a last producer and consumer check that the ring still
 * works. The ring lives in /dev/shm; the logs in a temporary directory; both are removed after a
 * run that passed (a failed run keeps its logs and names them).
 *
 * <pre>
 * java -cp stress/target/jcstress.jar io.ipcring.stress.chaos.RingChaos KIND KILLS [SEED]
 * </pre>
 * runs the long form: KIND {@code SPSC}, {@code MPSC} (3 producers) or {@code WORK_QUEUE} (2
 * producers, 2 consumers), KILLS kills (the message count grows with it so the workers outlive
 * the kills).
 */
public final class RingChaos {
    private final RingKind kind;
    private final int producers;
    private final int consumers;
    private final long messagesPerProducer;
    private final int messagesPerMilli;
    private final int kills;
    private final long seed;
    private final Consumer<String> progress;

    /**
     * @param kind                {@code SPSC}, {@code MPSC} or {@code WORK_QUEUE}
     * @param producers           producer roles (1 for SPSC)
     * @param consumers           consumer roles (1 for SPSC and MPSC)
     * @param messagesPerProducer messages each producer role commits in all
     * @param messagesPerMilli    producer pacing
     * @param kills               SIGKILLs to send
     * @param seed                seeds victims, moments, restart delays and message bodies
     * @param progress            receives a line per kill
     */
    public RingChaos(String kind, int producers, int consumers, long messagesPerProducer, int messagesPerMilli, int kills,
                     long seed, Consumer<String> progress) {
        this.kind = RingKind.valueOf(kind);
        if (this.kind == RingKind.SPSC && producers != 1) {
            throw new IllegalArgumentException("an SPSC ring has one producer, not producers=" + producers);
        }
        if (this.kind != RingKind.WORK_QUEUE && consumers != 1) {
            throw new IllegalArgumentException("an " + kind + " ring has one consumer, not consumers=" + consumers);
        }
        this.producers = producers;
        this.consumers = consumers;
        this.messagesPerProducer = messagesPerProducer;
        this.messagesPerMilli = messagesPerMilli;
        this.kills = kills;
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * What a run did and found.
     *
     * @param kind           the ring kind
     * @param report         what the harness did (kills, restarts)
     * @param verdict        what the logs show
     * @param ringStillWorks null when a fresh producer and consumer worked after the run, else what failed
     * @param workDir        the logs (deleted after a run that passed)
     */
    public record Result(String kind, ChaosReport report, RingChaosCheck.Verdict verdict, String ringStillWorks, Path workDir) {
        /** @return true when the guarantee held and the ring still works */
        public boolean passed() {
            return verdict.passed() && ringStillWorks == null;
        }

        @Override
        public String toString() {
            RingChaosCheck.Verdict v = verdict;
            return kind + " " + report + "; " + v.committed() + " committed (+" + v.unlogged() + " unlogged by a kill), " + v.delivered()
                    + " delivered, " + v.redeliveries() + " redelivered of " + v.inFlight() + (kind.equals("WORK_QUEUE") ? " messages"
                    : " batches") + " in flight at a consumer kill; "
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
        kind.create(ring, producers, consumers).close();
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
                    .worker(WorkerSpec.killable("consumer", consumers, RingChaosConsumer.class, kind.name(), ring.toString(),
                            Integer.toString(producers), Long.toString(seed)));
            harness.worker(WorkerSpec.killable("producer", producers, RingChaosProducer.class, kind.name(), ring.toString(),
                    Long.toString(messagesPerProducer), Integer.toString(messagesPerMilli), Long.toString(seed)));
            ChaosReport report = harness.build().run();
            RingChaosCheck.Verdict verdict = RingChaosCheck.check(dir, producers, consumers, kind.acknowledgesBatches());
            Result result = new Result(kind.name(), report, verdict, stillWorks(ring), dir);
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
        try (RingKind.Opened opened = kind.open(ring)) {
            Publisher publisher = opened.publisher();
            Subscriber consumer = opened.consumer();
            ByteBuffer message = ByteBuffer.allocate(RingChaosMessages.PREFIX + 7).order(ByteOrder.LITTLE_ENDIAN);
            int length = RingChaosMessages.write(message, 0, 0, Integer.MAX_VALUE, 0, 7);
            if (!publisher.offer(message, 0, length, 1)) {
                return "the ring has no room for one message after the run";
            }
            String[] got = new String[1];
            int n = consumer.poll((type, buffer, offset, l) -> got[0] = RingChaosMessages.check(type, buffer, offset, l), 10,
                    1, TimeUnit.SECONDS);
            String expected = 0 + " " + Integer.MAX_VALUE + " " + 0;
            return n == 1 && expected.equals(got[0]) ? null : "after the run, a message sent came back as " + n + " x " + got[0];
        } catch (RuntimeException e) {
            return "after the run, the ring fails: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking the ring after the run";
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
     * @param args KIND (SPSC, MPSC or WORK_QUEUE), KILLS, [SEED]
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String kind = args[0];
        int kills = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int producers = kind.equals("SPSC") ? 1 : kind.equals("MPSC") ? 3 : 2;
        int consumers = kind.equals("WORK_QUEUE") ? 2 : 1;
        long messages = 2_000L * kills / producers;
        RingChaos chaos = new RingChaos(kind, producers, consumers, messages, 10, kills, seed, System.out::println);
        Result result = chaos.run(Duration.ofMinutes(10 + kills / 10));
        System.out.println(result);
        System.exit(result.passed() ? 0 : 1);
    }
}
