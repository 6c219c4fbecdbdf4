package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.sync.MappedMemory;
import io.ipcring.testsupport.TestPaths;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random values written at random places of live rings (counters, slots, records), seeded and
 * reproducible: every operation afterwards either works or throws one of the documented
 * exceptions; nothing else escapes (no index error, arithmetic error, OutOfMemoryError) and
 * nothing hangs. Trials per ring kind default to {@value #DEFAULT_TRIALS}; more with
 * {@code -Dipcring.test.fuzz.trials=100000}, another seed with {@code -Dipcring.test.fuzz.seed=N}.
 */
class FanoutFuzzTest {
    static final int DEFAULT_TRIALS = 3000;
    static final int TRIALS = Integer.getInteger("ipcring.test.fuzz.trials", DEFAULT_TRIALS);
    static final long SEED = Long.getLong("ipcring.test.fuzz.seed", 20_261_124L);

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    /** Writes a random long, int or byte at a random offset; half of them in the control area. */
    private static String corrupt(MappedMemory memory, int dataOffset, SplittableRandom random) {
        int offset = random.nextBoolean() ? 64 + random.nextInt(dataOffset - 64) : dataOffset + random.nextInt(memory.capacity() - dataOffset);
        switch (random.nextInt(3)) {
            case 0: {
                int at = offset & -8;
                long value = random.nextBoolean() ? random.nextLong() : random.nextLong(-16, 1 << 16);
                memory.putLong(Math.min(at, memory.capacity() - 8), value);
                return "long " + value + " at " + at;
            }
            case 1: {
                int at = offset & -4;
                int value = random.nextBoolean() ? random.nextInt() : random.nextInt(-16, 4096);
                memory.putInt(Math.min(at, memory.capacity() - 4), value);
                return "int " + value + " at " + at;
            }
            default: {
                byte[] value = {(byte) random.nextInt()};
                memory.putBytes(offset, value, 0, 1);
                return "byte " + value[0] + " at " + offset;
            }
        }
    }

    /** An exception a corrupted ring may legitimately throw. */
    private static boolean expected(Throwable t) {
        return t instanceof RingCorruptedException || t instanceof ChannelClosedException
                || t instanceof IllegalStateException;
    }

    private static void check(Throwable t, long trial, String corruption) {
        if (t != null && !expected(t)) {
            throw new AssertionError("trial " + trial + " (seed " + SEED + ", " + corruption + "): unexpected " + t, t);
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aCorruptedBroadcastRingThrowsTheDocumentedExceptionsOnly() {
        BroadcastRingOptions options = BroadcastRingOptions.defaults().capacity(4096).maxMessageLength(200)
                .livenessTimeout(50, TimeUnit.MILLISECONDS);
        try (BroadcastRing ring = BroadcastRing.create(paths.next("fuzzbc"), options)) {
            Publisher publisher = ring.publisher();
            Subscriber subscriber = ring.subscribe("s", StartPosition.LATEST);
            SplittableRandom random = new SplittableRandom(SEED);
            for (int i = 0; i < 100; i++) {
                publisher.offer(new byte[200], 0, random.nextInt(200), 1 + random.nextInt(5));
                subscriber.poll(new Collector(), 2);
            }
            MappedMemory memory = ring.memory();
            byte[] snapshot = new byte[memory.capacity()];
            memory.getBytes(0, snapshot, 0, snapshot.length);
            long corrupted = 0;
            for (long trial = 0; trial < TRIALS; trial++) {
                memory.putBytes(0, snapshot, 0, snapshot.length);
                String corruption = corrupt(memory, ring.dataOffset(), random);
                Throwable thrown = null;
                try {
                    Subscriber joiner = ring.subscribe("f" + trial, StartPosition.OLDEST);
                    joiner.poll(new Collector(), 1000);
                    Publisher p = ring.publisher();
                    for (int i = 0; i < 5; i++) {
                        p.offer(new byte[50], 0, random.nextInt(50), 1);
                    }
                    joiner.poll(new Collector(), 1000);
                    ring.subscribers();
                    ring.stats();
                } catch (RuntimeException | Error t) {
                    thrown = t;
                }
                check(thrown, trial, corruption);
                corrupted += thrown instanceof RingCorruptedException ? 1 : 0;
            }
            assertTrue(corrupted > 0, "some corruption was detected");
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aCorruptedWorkQueueRingThrowsTheDocumentedExceptionsOnly() {
        WorkQueueRingOptions options = WorkQueueRingOptions.defaults().capacity(4096).maxMessageLength(200);
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("fuzzwq"), options)) {
            Publisher publisher = ring.publisher();
            Subscriber consumer = ring.consumer();
            SplittableRandom random = new SplittableRandom(SEED + 1);
            for (int i = 0; i < 100; i++) {
                publisher.offer(new byte[200], 0, random.nextInt(200), 1 + random.nextInt(5));
                if (i % 3 != 0) {
                    consumer.poll(new Collector(), 1);
                }
            }
            MappedMemory memory = ring.memory();
            byte[] snapshot = new byte[memory.capacity()];
            memory.getBytes(0, snapshot, 0, snapshot.length);
            long corrupted = 0;
            for (long trial = 0; trial < TRIALS; trial++) {
                memory.putBytes(0, snapshot, 0, snapshot.length);
                String corruption = corrupt(memory, ring.dataOffset(), random);
                Throwable thrown = null;
                try {
                    ring.size();
                    ring.records().forEachWaiting((position, type, payload) -> { }, 1000);
                    ring.records().countNotDone();
                    Subscriber c = ring.consumer();
                    c.poll(new Collector(), 1000);
                    Publisher p = ring.publisher();
                    for (int i = 0; i < 5; i++) {
                        p.offer(new byte[50], 0, random.nextInt(50), 1);
                    }
                    c.poll(new Collector(), 1000);
                    ring.stats();
                } catch (RuntimeException | Error t) {
                    thrown = t;
                }
                check(thrown, trial, corruption);
                corrupted += thrown instanceof RingCorruptedException ? 1 : 0;
            }
            assertTrue(corrupted > 0, "some corruption was detected");
        }
    }
}
