package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random bytes written into random places of a live ring's header, counters and data: every
 * poll, offer and re-open either works (delivering well-formed messages) or throws a
 * corruption exception; nothing else escapes, and every trial's work is bounded. Seeded and
 * reproducible: {@code -Dipcring.test.fuzzSeed=N -Dipcring.test.fuzzTrials=M}; a failure names
 * its trial and seed.
 */
class RingFuzzTest {
    static final long SEED = Long.getLong("ipcring.test.fuzzSeed", 20240501L);
    static final int TRIALS = Integer.getInteger("ipcring.test.fuzzTrials", 3000);
    static final int CAPACITY = 1024;
    static final int MAX = 64;

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void corruptedRingsFailCleanly() {
        SplittableRandom seeds = new SplittableRandom(SEED);
        int corruptionsSeen = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = seeds.nextLong();
            try {
                corruptionsSeen += trial(seed, trial % 2 == 0) ? 1 : 0;
            } catch (Throwable t) {
                throw new AssertionError("trial " + trial + " (seed " + seed + ", " + (trial % 2 == 0 ? "spsc" : "mpsc")
                        + ") failed", t);
            }
        }
        assertTrue(corruptionsSeen > TRIALS / 20, "the fuzzer found corruption in " + corruptionsSeen + " trials");
    }

    /** @return true when a corruption was reported */
    private boolean trial(long seed, boolean spsc) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Path path = paths.next("fuzz");
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX).producerSlots(4);
        boolean reported = false;
        try (RingFile file = RingFile.create(path, spsc ? RingDescriptor.SPSC_FORMAT : RingDescriptor.MPSC_FORMAT, options)) {
            RingProducer producer = spsc ? new SpscProducer(file, WaitStrategy.BUSY_SPIN, "p", r -> { })
                    : new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "p", r -> { });
            RingConsumer consumer = consumer(file, spsc);
            exercise(random, producer, consumer, 40);
            MappedMemory memory = file.memory();
            int writes = 1 + random.nextInt(4);
            for (int i = 0; i < writes; i++) {
                corrupt(random, memory, file.layout());
            }
            try {
                exercise(random, producer, consumer, 60);
            } catch (RingCorruptedException expected) {
                reported = true;
            }
            consumer.close();
            try {
                RingConsumer reopened = consumer(file, spsc);
                exercise(random, producer, reopened, 30);
            } catch (RingCorruptedException expected) {
                reported = true;
            } catch (ChannelException e) {
                assertTrue(e.getMessage().contains("already attached"), e.getMessage());
            }
        }
        try (RingFile reopened = RingFile.open(path, spsc ? RingDescriptor.SPSC_FORMAT : RingDescriptor.MPSC_FORMAT,
                UnicastRingOptions.defaults())) {
            RingConsumer consumer = consumer(reopened, spsc);
            exercise(random, null, consumer, 30);
        } catch (RingCorruptedException | SharedMemoryException expected) {
            reported = true;
        } catch (ChannelException e) {
            assertTrue(e.getMessage().contains("already attached"), e.getMessage());
        }
        return reported;
    }

    private static RingConsumer consumer(RingFile file, boolean spsc) {
        return spsc ? new SpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { })
                : new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
    }

    /** Bounded random traffic; every delivered message must be well-formed. */
    private static void exercise(SplittableRandom random, RingProducer producer, RingConsumer consumer, int steps) {
        byte[] payload = new byte[MAX];
        MessageHandler check = (type, buffer, offset, length) -> {
            if (type <= 0 || length < 0 || length > MAX || offset < 0 || offset + length > buffer.capacity()) {
                throw new AssertionError("ill-formed message type=" + type + " offset=" + offset + " length=" + length);
            }
            if (length > 0) {
                buffer.get(offset + length - 1);   // the payload is inside the mapping
            }
        };
        for (int step = 0; step < steps; step++) {
            if (producer != null && random.nextBoolean()) {
                producer.offer(payload, 0, random.nextInt(MAX + 1), 1 + random.nextInt(5));
            } else {
                consumer.poll(check, 1 + random.nextInt(8));
            }
        }
    }

    /** Writes 1..8 random bytes at a random place: header fields, the hot lines or the data. */
    private static void corrupt(SplittableRandom random, MappedMemory memory, RingLayout layout) {
        int offset;
        switch (random.nextInt(3)) {
            case 0:
                offset = io.ipcring.sync.RegionHeader.LENGTH + random.nextInt(RingDescriptor.CONSUMER_OWNER_OFFSET + 8
                        - io.ipcring.sync.RegionHeader.LENGTH);
                break;
            case 1:
                offset = RingDescriptor.TAIL_OFFSET + random.nextInt(layout.dataOffset() - RingDescriptor.TAIL_OFFSET);
                break;
            default:
                offset = layout.dataOffset() + random.nextInt(layout.capacity());
        }
        int length = Math.min(1 + random.nextInt(8), memory.capacity() - offset);
        for (int i = 0; i < length; i++) {
            memory.buffer().put(offset + i, (byte) random.nextInt(256));
        }
    }
}
