package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.ClaimRepairedException;
import io.ipcring.ring.Collected;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchContractTest} against {@link MpscRing} (the batch calls of {@link MpscProducer}),
 * and what only MPSC has: one CAS per batch among racing producers, and the repair of a batch
 * claim whose producer died or, with the stuck-claim timeout, stalled.
 */
class MpscBatchTest extends BatchContractTest<MpscRing> {
    @Override
    MpscRing create(Path path, UnicastRingOptions options) {
        return MpscRing.create(path, options);
    }

    @Override
    RingProducer producer(MpscRing ring) {
        return ring.producer();
    }

    @Override
    RingConsumer consumer(MpscRing ring) {
        return ring.consumer();
    }

    @Override
    UnicastRingStats stats(MpscRing ring) {
        return ring.stats();
    }

    @Override
    int dataOffset() {
        return RingDescriptor.dataOffset(UnicastRingOptions.DEFAULT_PRODUCER_SLOTS, 0);
    }

    private static int pollFor(RingConsumer consumer, Collected got, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int total = 0;
        while (total < expected && System.nanoTime() < deadline) {
            total += consumer.poll(got, 100);
        }
        return total;
    }

    @Test
    void aDeadProducersBatchClaimBecomesOnePaddingWithOrWithoutItsBeingWrittenMark() throws Exception {
        UnicastRingOptions unmarked = UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX);
        UnicastRingOptions marked = unmarked.stuckClaimTimeout(1, TimeUnit.HOURS);
        for (UnicastRingOptions options : List.of(unmarked, marked)) {
            try (RingFile file = RingFile.create(paths.next("dead-batch"), RingDescriptor.MPSC_FORMAT, options)) {
                MpscProducer dead = new MpscProducer(file, DeadProcess.identity(), WaitStrategy.BUSY_SPIN, "dead", r -> { });
                int index = dead.tryClaimBatch(6, 24, 1);
                for (int k = 0; k < 6; k++) {
                    dead.buffer().putLong(index + k * 32, 0x7_0000_0010L);  // payloads that look like headers
                }
                long header = file.memory().getLongVolatile(index - MessageFrame.HEADER_LENGTH);
                assertEquals(options == marked ? Records.header(-6 * 32, 0) : 0, header, "the first header while being written");
                MpscProducer live = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "live", r -> { });
                MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
                assertTrue(live.offer(new byte[]{1, 2, 3}, 0, 3, 2));
                Collected got = new Collected();
                assertEquals(1, pollFor(consumer, got, 1));
                assertEquals(2, got.messages.get(0).type());
                assertEquals(6 * 32 + 16, consumer.position(), "the whole batch skipped");
                assertEquals(1, UnicastRingStats.read(file.memory()).deadProducerRepairs(), "one repair for the batch");
            }
        }
    }

    @Test
    void anInFlightMarkLongerThanItsProducersClaimIsCorruption() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX)
                .stuckClaimTimeout(1, TimeUnit.HOURS);
        try (RingFile file = RingFile.create(paths.next("long-mark"), RingDescriptor.MPSC_FORMAT, options)) {
            MpscProducer dead = new MpscProducer(file, DeadProcess.identity(), WaitStrategy.BUSY_SPIN, "dead", r -> { });
            int index = dead.tryClaimBatch(2, 24, 1);
            file.memory().putLongVolatile(index - MessageFrame.HEADER_LENGTH, Records.header(-128, 0));
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            RingCorruptedException e = null;
            while (e == null && System.nanoTime() < deadline) {
                try {
                    consumer.poll(new Collected(), 10);
                } catch (RingCorruptedException thrown) {
                    e = thrown;
                }
            }
            assertTrue(e != null && e.getMessage().contains("in-flight length=128 reaches past the claim"), String.valueOf(e));
        }
    }

    @Test
    void theStuckClaimTimeoutRepairsALiveBatchWholeAndItsCommitThenWritesNothing() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX)
                .stuckClaimTimeout(50, TimeUnit.MILLISECONDS);
        try (RingFile file = RingFile.create(paths.next("timeout-batch"), RingDescriptor.MPSC_FORMAT, options)) {
            MpscProducer slow = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "slow", r -> { });
            MpscProducer other = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "o", r -> { });
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            int index = slow.tryClaimBatch(4, 8, 1);
            assertTrue(other.offer(new byte[0], 0, 0, 2));
            Collected got = new Collected();
            assertEquals(1, pollFor(consumer, got, 1));
            assertEquals(2, got.messages.get(0).type());
            assertEquals(1, UnicastRingStats.read(file.memory()).timeoutRepairs());
            ClaimRepairedException e = assertThrows(ClaimRepairedException.class, () -> slow.commitBatch(index));
            assertTrue(e.getMessage().contains("stuck-claim timeout"), e.getMessage());
            for (int k = 1; k < 4; k++) {
                assertEquals(0, file.memory().getLongVolatile(index - MessageFrame.HEADER_LENGTH + k * 16),
                        "no header written into the repaired space: record " + k);
            }
            assertTrue(other.offer(new byte[0], 0, 0, 3), "the ring goes on");
            assertEquals(1, consumer.poll(got, 10));
        }
    }

    @Test
    void threadsSendingBatchesConcurrentlyKeepTheirOwnOrder() throws Exception {
        int producers = 3;
        int batches = 5_000;
        try (MpscRing ring = MpscRing.create(paths.next("threads"),
                UnicastRingOptions.defaults().capacity(1 << 14).maxMessageLength(64).waitStrategy(WaitStrategy.BLOCKING))) {
            RingConsumer consumer = ring.consumer();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int p = 0; p < producers; p++) {
                RingProducer producer = ring.producer();
                int type = p + 1;
                Thread thread = new Thread(() -> {
                    try {
                        long seq = 0;
                        for (int b = 0; b < batches; b++) {
                            int count = 1 + b % 10;
                            int length = 8 + b % 40;
                            int index = producer.tryClaimBatch(count, length, type, 30, TimeUnit.SECONDS);
                            if (index < 0) {
                                throw new AssertionError("no room for 30 s");
                            }
                            for (int k = 0; k < count; k++) {
                                producer.buffer().putLong(index + k * RingProducer.batchStride(length), seq++);
                            }
                            producer.commitBatch(index);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            long perProducer = 0;
            for (int b = 0; b < batches; b++) {
                perProducer += 1 + b % 10;
            }
            long[] next = new long[producers];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long received = 0;
            while (received < producers * perProducer && System.nanoTime() < deadline && failures.isEmpty()) {
                received += consumer.poll((type, buffer, offset, length) -> {
                    long seq = buffer.getLong(offset);
                    if (seq != next[type - 1]) {
                        throw new AssertionError("producer " + type + " expected " + next[type - 1] + " got " + seq);
                    }
                    next[type - 1]++;
                }, 256, 1, TimeUnit.SECONDS);
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertEquals(List.of(), failures);
            assertEquals(producers * perProducer, received);
            // The consumer stores its statistics every 64 batches and on a poll that finds nothing.
            assertEquals(0, consumer.poll((type, buffer, offset, length) -> fail("no message is left"), 1));
            assertEquals(received, ring.stats().messages());
        }
    }

    @Test
    void aProducerKilledBetweenItsBatchClaimAndCommitLosesTheBatchAndNothingElse() throws Exception {
        Path path = paths.next("batch-kill");
        Path progress = paths.next("batch-kill-progress");
        try (MpscRing ring = MpscRing.create(path, UnicastRingOptions.defaults().capacity(1 << 16).maxMessageLength(256))) {
            RingConsumer consumer = ring.consumer();
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), RingChild.class, "hold-batch",
                    path.toString(), "20", progress.toString())) {
                MappedByteBuffer flag = RingChild.progress(progress);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (flag.getLong(8) != 1 && System.nanoTime() < deadline) {
                    assertTrue(child.process().isAlive(), child.output());
                    Thread.sleep(5);
                }
                assertEquals(1, flag.getLong(8), child.output());
                child.kill();
            }
            Collected got = new Collected();
            assertEquals(3, pollFor(consumer, got, 3), "the batches the child committed");
            assertEquals(List.of(5, 5, 5), got.messages.stream().map(Collected.Message::type).toList());
            try (RingProducer late = ring.producer()) {
                assertTrue(late.offer(new byte[12], 0, 12, 3));
            }
            got.messages.clear();
            assertEquals(1, pollFor(consumer, got, 1), "a message after the dead batch arrives");
            assertEquals(3, got.messages.get(0).type(), "nothing of the dead batch (type 6)");
            assertEquals(1, ring.stats().deadProducerRepairs(), ring.stats().toString());
            assertEquals(0, consumer.poll(new Collected(), 10));
        }
    }
}
