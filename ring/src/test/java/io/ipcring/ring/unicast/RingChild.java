package io.ipcring.ring.unicast;

import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The other processes of the multi-process tests. Messages carry {@code seq (8) | crc32c (4) |
 * random body}, the CRC32C covering seq and body; the type is the producer's id. Progress is
 * published in a small mapped file (a long at 0, a flag at 8) that survives SIGKILL.
 *
 * <pre>
 * produce KIND PATH ID COUNT SEED PROGRESS HOLD_AT   send COUNT messages; if HOLD_AT >= 0, after
 *                                                    HOLD_AT commits claim one more, set the flag,
 *                                                    and hang holding the claim
 * consume PATH COUNT FIRST LIMIT PROGRESS            receive SPSC messages FIRST..COUNT-1 (fixed
 *                                                    24-byte payloads), LIMIT per poll; writes the
 *                                                    last seq of each completed poll
 * hold-batch PATH COUNT PROGRESS                     on an MPSC ring: commit a batch of three
 *                                                    100-byte messages of type 5, claim a batch of
 *                                                    COUNT of type 6, write their payloads, set the
 *                                                    flag and hang holding the claim
 * </pre>
 */
public final class RingChild {
    static final int POOL = 1 << 16;

    private RingChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "produce":
                produce(args[1], Paths.get(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]),
                        Long.parseLong(args[5]), Paths.get(args[6]), Long.parseLong(args[7]));
                break;
            case "consume":
                consume(Paths.get(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]),
                        Integer.parseInt(args[4]), Paths.get(args[5]));
                break;
            case "hold-batch":
                holdBatch(Paths.get(args[1]), Integer.parseInt(args[2]), Paths.get(args[3]));
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    static byte[] pool(long seed) {
        byte[] pool = new byte[POOL];
        new SplittableRandom(seed).nextBytes(pool);
        return pool;
    }

    static MappedByteBuffer progress(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, 16);
        }
    }

    private static void produce(String kind, Path path, int id, long count, long seed, Path progressFile, long holdAt)
            throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().waitStrategy(WaitStrategy.BLOCKING);
        AutoCloseable ring = kind.equals("mpsc") ? MpscRing.open(path, options) : SpscRing.open(path, options);
        RingProducer producer = ring instanceof MpscRing ? ((MpscRing) ring).producer() : ((SpscRing) ring).producer();
        MappedByteBuffer progress = progress(progressFile);
        byte[] pool = pool(seed);
        SplittableRandom random = new SplittableRandom(seed ^ id);
        ByteBuffer buffer = producer.buffer();
        int maxBody = producer.maxMessageLength() - 12;
        CRC32C crc = new CRC32C();
        for (long seq = 0; seq < count; seq++) {
            int body = random.nextInt(maxBody + 1);
            int from = random.nextInt(POOL - body);
            int index = producer.tryClaim(12 + body, id, 60, TimeUnit.SECONDS);
            if (index < 0) {
                throw new IllegalStateException("no room for 60 s at seq " + seq);
            }
            if (seq == holdAt) {
                progress.putLong(0, seq);
                progress.putLong(8, 1);
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            }
            buffer.putLong(index, seq);
            buffer.put(index + 12, pool, from, body);
            crc.reset();
            crc.update(buffer.slice(index, 8));
            crc.update(pool, from, body);
            buffer.putInt(index + 8, (int) crc.getValue());
            producer.commit(index);
            progress.putLong(0, seq + 1);
        }
        progress.putLong(8, 2);
        ring.close();
    }

    private static void holdBatch(Path path, int count, Path progressFile) throws Exception {
        MappedByteBuffer progress = progress(progressFile);
        MpscRing ring = MpscRing.open(path, UnicastRingOptions.defaults());
        RingProducer producer = ring.producer();
        if (!producer.offerBatch(ByteBuffer.allocate(300), 0, 3, 100, 5)) {
            throw new IllegalStateException("no room for the first batch");
        }
        int index = producer.tryClaimBatch(count, 100, 6);
        if (index < 0) {
            throw new IllegalStateException("no room for the held batch");
        }
        for (int k = 0; k < count; k++) {
            producer.buffer().put(index + k * RingProducer.batchStride(100), new byte[100]);
        }
        progress.putLong(8, 1);
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        throw new IllegalStateException("held the batch claim for 5 minutes without being killed");
    }

    /** Checks one message of the produce format; returns its seq. */
    static long check(ByteBuffer buffer, int offset, int length, CRC32C crc) {
        if (length < 12) {
            throw new AssertionError("length=" + length + " shorter than seq + crc");
        }
        long seq = buffer.getLong(offset);
        crc.reset();
        crc.update(buffer.slice(offset, 8));
        crc.update(buffer.slice(offset + 12, length - 12));
        if ((int) crc.getValue() != buffer.getInt(offset + 8)) {
            throw new AssertionError("CRC mismatch at seq " + seq + " length " + length);
        }
        return seq;
    }

    private static void consume(Path path, long count, long first, int limit, Path progressFile) throws Exception {
        MappedByteBuffer progress = progress(progressFile);
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults().waitStrategy(WaitStrategy.BLOCKING))) {
            RingConsumer consumer = ring.consumer();
            long[] next = {first};
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (next[0] < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("stalled at seq " + next[0]);
                }
                consumer.poll((type, buffer, offset, length) -> {
                    long seq = buffer.getLong(offset);
                    if (seq != next[0] || length != 24) {
                        throw new AssertionError("expected seq " + next[0] + " got " + seq + " length " + length);
                    }
                    next[0]++;
                }, limit, 1, TimeUnit.SECONDS);
                progress.putLong(0, next[0]);
            }
        }
    }
}
