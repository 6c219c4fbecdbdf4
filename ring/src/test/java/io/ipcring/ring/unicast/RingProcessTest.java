package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rings between separate JVMs. Counts are system properties; the defaults keep {@code mvn verify}
 * short. The full run:
 * {@code mvn -B -pl ring -am verify -Dtest=RingProcessTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dipcring.test.mpscMessages=3000000 (SPSC runs the full 10,000,000 by default)}.
 */
class RingProcessTest {
    static final long SPSC_MESSAGES = Long.getLong("ipcring.test.spscMessages", 10_000_000);
    static final long MPSC_MESSAGES = Long.getLong("ipcring.test.mpscMessages", 200_000);
    static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(4);

    private final TestPaths paths = new TestPaths();
    private final List<Path> progressFiles = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        paths.close();
        for (Path p : progressFiles) {
            Files.deleteIfExists(p);
        }
    }

    private Path progressFile() throws IOException {
        Path p = Files.createTempFile("ipcring-progress-", ".bin");
        progressFiles.add(p);
        return p;
    }

    private static UnicastRingOptions options() {
        return UnicastRingOptions.defaults().capacity(1 << 18).maxMessageLength(512).waitStrategy(WaitStrategy.BLOCKING);
    }

    @Test
    void spscMessagesArriveInOrderWithNoLossDuplicateOrCorruption() throws Exception {
        Path path = paths.next("spsc-proc");
        try (SpscRing ring = SpscRing.create(path, options())) {
            RingConsumer consumer = ring.consumer();
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), RingChild.class, "produce", "spsc",
                    path.toString(), "1", Long.toString(SPSC_MESSAGES), "42", progressFile().toString(), "-1")) {
                long[] next = {0};
                CRC32C crc = new CRC32C();
                long deadline = System.nanoTime() + DEADLINE_NANOS;
                while (next[0] < SPSC_MESSAGES && System.nanoTime() < deadline) {
                    failIfAChildFailed(List.of(child));
                    consumer.poll((type, buffer, offset, length) -> {
                        long seq = RingChild.check(buffer, offset, length, crc);
                        if (seq != next[0] || type != 1) {
                            throw new AssertionError("expected seq " + next[0] + " got " + seq + " type " + type);
                        }
                        next[0]++;
                    }, 1024, 1, TimeUnit.SECONDS);
                }
                assertEquals(SPSC_MESSAGES, next[0], child.output());
                assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                assertEquals(0, consumer.poll((t, b, o, l) -> { }, 1), "no duplicate after the last");
                assertEquals(SPSC_MESSAGES, ring.stats().messages());
            }
        }
    }

    /** Consumes an MPSC ring until every producer's expected count arrived, checking per-producer order. */
    private static void consumeAll(MpscRing ring, RingConsumer consumer, long[] expected, long[] next, List<ChildJvm> children) {
        CRC32C crc = new CRC32C();
        long total = 0;
        for (long e : expected) {
            total += e;
        }
        long received = 0;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (received < total && System.nanoTime() < deadline) {
            failIfAChildFailed(children);
            try {
                received += consumer.poll((type, buffer, offset, length) -> {
                    long seq = RingChild.check(buffer, offset, length, crc);
                    if (type < 1 || type > next.length || seq != next[type - 1]) {
                        throw new AssertionError("producer " + type + ": expected seq "
                                + (type >= 1 && type <= next.length ? next[type - 1] : -1) + " got " + seq);
                    }
                    next[type - 1]++;
                }, 1024, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(total, received, "messages received; stats " + ring.stats());
    }

    private static void failIfAChildFailed(List<ChildJvm> children) {
        for (ChildJvm child : children) {
            if (!child.process().isAlive() && child.process().exitValue() != 0) {
                throw new AssertionError("child " + child.pid() + " exited with " + child.process().exitValue() + ":\n"
                        + child.output());
            }
        }
    }

    @Test
    void mpscThreeProducerProcessesKeepTheirOrderAndExactTotals() throws Exception {
        Path path = paths.next("mpsc-proc");
        try (MpscRing ring = MpscRing.create(path, options())) {
            RingConsumer consumer = ring.consumer();
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (int id = 1; id <= 3; id++) {
                    children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), RingChild.class, "produce", "mpsc",
                            path.toString(), Integer.toString(id),
                            Long.toString(MPSC_MESSAGES), Integer.toString(100 + id), progressFile().toString(), "-1"));
                }
                long[] next = new long[3];
                consumeAll(ring, consumer, new long[]{MPSC_MESSAGES, MPSC_MESSAGES, MPSC_MESSAGES}, next, children);
                for (ChildJvm child : children) {
                    assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                }
                assertEquals(0, consumer.poll((t, b, o, l) -> { }, 1), "no duplicate after the last");
                assertEquals(3 * MPSC_MESSAGES, ring.stats().messages());
            } finally {
                for (ChildJvm child : children) {
                    child.close();
                }
            }
        }
    }

    @Test
    void producerKilledWhileHoldingAClaimDoesNotStallTheOthersAndLosesNothingCommitted() throws Exception {
        Path path = paths.next("mpsc-kill");
        long holdAt = MPSC_MESSAGES / 3;
        try (MpscRing ring = MpscRing.create(path, options())) {
            RingConsumer consumer = ring.consumer();
            Path victimProgress = progressFile();
            List<ChildJvm> children = new ArrayList<>();
            try {
                children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), RingChild.class, "produce", "mpsc",
                        path.toString(), "1",
                        Long.toString(MPSC_MESSAGES), "201", victimProgress.toString(), Long.toString(holdAt)));
                for (int id = 2; id <= 3; id++) {
                    children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), RingChild.class, "produce", "mpsc",
                            path.toString(), Integer.toString(id),
                            Long.toString(MPSC_MESSAGES), Integer.toString(200 + id), progressFile().toString(), "-1"));
                }
                MappedByteBuffer victim = RingChild.progress(victimProgress);
                long[] next = new long[3];
                CRC32C crc = new CRC32C();
                long deadline = System.nanoTime() + DEADLINE_NANOS;
                while (victim.getLong(8) != 1 && System.nanoTime() < deadline) {
                    failIfAChildFailed(children);
                    consumer.poll((type, buffer, offset, length) -> {
                        long seq = RingChild.check(buffer, offset, length, crc);
                        assertEquals(next[type - 1]++, seq, "producer " + type);
                    }, 1024, 10, TimeUnit.MILLISECONDS);
                }
                assertEquals(1, victim.getLong(8), children.get(0).output());
                children.get(0).kill();
                long committed = victim.getLong(0);
                assertEquals(holdAt, committed);
                long[] expected = {committed - next[0], MPSC_MESSAGES - next[1], MPSC_MESSAGES - next[2]};
                long[] more = next.clone();
                consumeAll(ring, consumer, expected, more, children.subList(1, 3));
                assertEquals(committed, more[0], "every committed message of the killed producer arrived");
                for (int i = 1; i < 3; i++) {
                    assertEquals(0, children.get(i).waitFor(60, TimeUnit.SECONDS), children.get(i).output());
                }
                // the dead claim may be the last one in the ring (the others finished first): a
                // message sent after it must still get through, past the repaired claim
                try (RingProducer late = ring.producer()) {
                    assertTrue(late.offer(new byte[12], 0, 12, 3));
                }
                int[] late = {0};
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (late[0] == 0 && System.nanoTime() < until) {
                    consumer.poll((type, buffer, offset, length) -> late[0] = type, 10, 1, TimeUnit.SECONDS);
                }
                assertEquals(3, late[0], "a message after the dead claim arrives");
                assertEquals(1, ring.stats().deadProducerRepairs(), ring.stats().toString());
                assertEquals(0, consumer.poll((t, b, o, l) -> { }, 1));
            } finally {
                for (ChildJvm child : children) {
                    child.close();
                }
            }
        }
    }

    @Test
    void consumerKilledAndRestartedResumesExactlyWhereItAcknowledged() throws Exception {
        long count = 200_000;
        int record = 32;   // 24-byte payloads: records tile the ring, position = seq * 32
        Path path = paths.next("consumer-kill");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64)
                .waitStrategy(WaitStrategy.BLOCKING))) {
            RingProducer producer = ring.producer();
            Thread sender = new Thread(() -> {
                ByteBuffer payload = ByteBuffer.allocate(24).order(MessageFrame.BYTE_ORDER);
                try {
                    for (long seq = 0; seq < count; seq++) {
                        payload.putLong(0, seq);
                        if (!producer.offer(payload, 0, 24, 1, 60, TimeUnit.SECONDS)) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            Path firstProgress = progressFile();
            try (ChildJvm first = ChildJvm.start(ChildJvmFlags.forIpcring(), RingChild.class, "consume",
                    path.toString(), Long.toString(count), "0", "7", firstProgress.toString())) {
                MappedByteBuffer progress = RingChild.progress(firstProgress);
                long deadline = System.nanoTime() + DEADLINE_NANOS;
                while (progress.getLong(0) < count / 3 && first.process().isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                first.kill();
                long acknowledged = RingInspector.inspect(path).consumed();
                assertEquals(0, acknowledged % record);
                long resume = acknowledged / record;
                long seen = progress.getLong(0);
                assertTrue(seen <= resume && resume <= seen + 7, "the file's acknowledgement " + resume
                        + " is the last completed poll " + seen + " or the one after it");
                try (ChildJvm second = ChildJvm.start(ChildJvmFlags.forIpcring(), RingChild.class, "consume",
                        path.toString(), Long.toString(count), Long.toString(resume), "7", progressFile().toString())) {
                    assertEquals(0, second.waitFor(5, TimeUnit.MINUTES), second.output());
                }
            } finally {
                sender.join(TimeUnit.MINUTES.toMillis(1));
            }
            // statistics are stored every STATS_BATCHES batches: the killed consumer's last ones
            // (of at most 7 messages each) may be missing from the count, never counted twice
            long counted = ring.stats().messages();
            assertTrue(counted <= count && count - counted < SpscConsumer.STATS_BATCHES * 7L,
                    "messages counted " + counted + " of " + count);
        }
    }
}
