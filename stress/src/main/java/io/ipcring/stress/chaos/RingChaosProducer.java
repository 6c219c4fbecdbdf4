package io.ipcring.stress.chaos;

import io.ipcring.channel.Publisher;
import io.ipcring.ring.RingProducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer JVM of the ring chaos run. Sends messages until its role index has committed
 * {@code total} across all its incarnations (counted from its log), then writes
 * {@code done-<index>} and exits 0. SPSC and MPSC messages are claimed and written in place, work
 * queue messages offered (copied). Each commit is logged as {@code "incarnation seq"} in
 * {@code committed-<index>.log} with one unbuffered write right after {@code commit} (or
 * {@code offer}) returns, so a message in the log was committed, and at most one committed
 * message per killed incarnation (the one whose log write the kill pre-empted) is missing.
 *
 * <p>Arguments after the harness's four: kind ({@code SPSC}, {@code MPSC}, {@code WORK_QUEUE}), ring path, total,
 * messages per millisecond (pacing, so kills land mid-stream), seed.
 */
public final class RingChaosProducer {
    private static final long TIMEOUT_SECONDS = 60;

    private RingChaosProducer() {
    }

    /**
     * @param args role, index, incarnation, work dir, kind, ring path, total, messages per ms, seed
     * @throws Exception on failure: the harness reports the exit status and output
     */
    public static void main(String[] args) throws Exception {
        int index = Integer.parseInt(args[1]);
        int incarnation = Integer.parseInt(args[2]);
        Path dir = Paths.get(args[3]);
        RingKind kind = RingKind.valueOf(args[4]);
        Path ringPath = Paths.get(args[5]);
        long total = Long.parseLong(args[6]);
        int perMilli = Integer.parseInt(args[7]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[8]) ^ ((long) index << 40) ^ incarnation);
        Path logPath = dir.resolve("committed-" + index + ".log");
        long committed = ChaosLogs.lines(logPath).size();
        try (RingKind.Opened ring = kind.open(ringPath); ChaosLog log = new ChaosLog(logPath)) {
            Publisher publisher = ring.publisher();
            int maxBody = publisher.maxMessageLength() - RingChaosMessages.PREFIX;
            ByteBuffer copy = ByteBuffer.allocate(publisher.maxMessageLength()).order(ByteOrder.LITTLE_ENDIAN);
            for (long seq = 0; committed < total; seq++, committed++) {
                int body = random.nextInt(Math.min(maxBody, 200) + 1);
                if (publisher instanceof RingProducer) {
                    RingProducer producer = (RingProducer) publisher;
                    int claim = producer.tryClaim(RingChaosMessages.PREFIX + body, index + 1, TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    if (claim == RingProducer.NO_CLAIM) {
                        throw noRoom(index, seq);
                    }
                    RingChaosMessages.write(producer.buffer(), claim, index, incarnation, seq, body);
                    producer.commit(claim);
                } else {
                    int length = RingChaosMessages.write(copy, 0, index, incarnation, seq, body);
                    if (!publisher.offer(copy, 0, length, index + 1, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw noRoom(index, seq);
                    }
                }
                log.line(incarnation + " " + seq);
                if (seq % perMilli == perMilli - 1) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        }
        try {
            Files.writeString(dir.resolve("done-" + index), "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot mark producer " + index + " done", e);
        }
        System.exit(0);
    }

    private static IllegalStateException noRoom(int index, long seq) {
        return new IllegalStateException("producer " + index + " found no room for " + TIMEOUT_SECONDS + " s at seq " + seq
                + " (a consumer that never frees, or a lost wake-up)");
    }
}
