package io.ipcring.stress.chaos;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A consumer JVM of the ring chaos run. Logs in {@code delivered-<index>.log}: {@code "start
 * incarnation"} when it attaches, one line {@code "producer incarnation seq"} per message from
 * inside the handler (before the message is acknowledged), {@code "ack"} after each poll that
 * delivered something returns, and {@code "exit"} when it ends cleanly. For SPSC and MPSC rings a
 * batch followed by {@code ack} was acknowledged, and a batch cut by a kill has none (the kill may
 * still have come after the acknowledgement); a work queue acknowledges each message as its
 * handler returns. The handler pauses now and then (300 µs, one message in eight), as real
 * processing would, so kills land inside batches as well as between them. Checks every payload;
 * a damaged one makes it exit with status 2. Exits 0 once every producer has written its
 * {@code done} file and the ring is empty.
 *
 * <p>Arguments after the harness's four: kind, ring path, producer count, seed.
 */
public final class RingChaosConsumer {
    /** Exit status for a damaged message. */
    static final int DAMAGED = 2;
    private static final int MAX_BATCH = 16;
    private static final int PAUSE_ONE_IN = 8;
    private static final long PAUSE_NANOS = 300_000;

    private RingChaosConsumer() {
    }

    /**
     * @param args role, index, incarnation, work dir, kind, ring path, producers, seed
     * @throws Exception on failure: the harness reports the exit status and output
     */
    public static void main(String[] args) throws Exception {
        int index = Integer.parseInt(args[1]);
        int incarnation = Integer.parseInt(args[2]);
        Path dir = Paths.get(args[3]);
        RingKind kind = RingKind.valueOf(args[4]);
        Path ringPath = Paths.get(args[5]);
        int producers = Integer.parseInt(args[6]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[7]) ^ ((long) index << 40) ^ incarnation);
        try (RingKind.Opened ring = kind.open(ringPath); ChaosLog log = new ChaosLog(dir.resolve("delivered-" + index + ".log"))) {
            Subscriber consumer = ring.consumer();
            log.line("start " + incarnation);
            MessageHandler handler = (type, buffer, offset, length) -> {
                String id = RingChaosMessages.check(type, buffer, offset, length);
                if (id == null) {
                    log.line("damaged type=" + type + " length=" + length);
                    System.err.println("damaged message: type=" + type + " length=" + length);
                    System.exit(DAMAGED);
                }
                log.line(id);
                if (random.nextInt(PAUSE_ONE_IN) == 0) {
                    // some processing time, so kills land inside batches (before their acknowledgement) too
                    LockSupport.parkNanos(PAUSE_NANOS);
                }
            };
            boolean finishing = false;
            while (true) {
                int n = consumer.poll(handler, 1 + random.nextInt(MAX_BATCH), 100, TimeUnit.MILLISECONDS);
                if (n > 0) {
                    log.line("ack");
                } else if (finishing && ring.drained()) {
                    break;
                } else {
                    finishing = allDone(dir, producers);
                }
            }
            log.line("exit");
        }
        System.exit(0);
    }

    private static boolean allDone(Path dir, int producers) {
        for (int i = 0; i < producers; i++) {
            if (!Files.exists(dir.resolve("done-" + i))) {
                return false;
            }
        }
        return true;
    }
}
