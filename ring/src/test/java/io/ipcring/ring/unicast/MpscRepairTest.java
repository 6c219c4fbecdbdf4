package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.ClaimRepairedException;
import io.ipcring.ring.Collected;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MPSC crash repair, slots and resume, driven through the package-private producer and consumer. */
class MpscRepairTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
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
    void pollsAtAnUncommittedHeadReadTheClaimOnlyAfterManyInARow() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64);
        try (RingFile file = RingFile.create(paths.next("claimcheck"), RingDescriptor.MPSC_FORMAT, options)) {
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            // a claim behind the consumer: reading it must throw, so each poll that reads it shows
            file.memory().putLongVolatile(RingDescriptor.CLAIM_OFFSET, -8);
            Collected got = new Collected();
            for (int i = 0; i < MpscConsumer.POLLS_BEFORE_CLAIM_CHECK; i++) {
                assertEquals(0, consumer.poll(got, 10), "poll " + i);
            }
            RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> consumer.poll(got, 10));
            assertTrue(e.getMessage().contains("claim=-8"), e.getMessage());
        }
    }

    @Test
    void claimOfADeadProducerBecomesPaddingWithOrWithoutItsBeingWrittenMark() throws Exception {
        UnicastRingOptions unmarked = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64);
        UnicastRingOptions marked = unmarked.stuckClaimTimeout(1, TimeUnit.HOURS);
        for (UnicastRingOptions options : List.of(unmarked, marked)) {
            try (RingFile file = RingFile.create(paths.next("dead"), RingDescriptor.MPSC_FORMAT, options)) {
                MpscProducer dead = new MpscProducer(file, DeadProcess.identity(), WaitStrategy.BUSY_SPIN, "dead", r -> { });
                int index = dead.tryClaim(40, 1);
                assertTrue(index >= 0, "claimed and never committed");
                long header = file.memory().getLongVolatile(index - MessageFrame.HEADER_LENGTH);
                assertEquals(options == marked ? Records.header(-48, 0) : 0, header, "the header word while being written");
                MpscProducer live = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "live", r -> { });
                MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
                assertTrue(live.offer(new byte[]{1, 2, 3}, 0, 3, 2));
                Collected got = new Collected();
                assertEquals(1, pollFor(consumer, got, 1));
                assertEquals(2, got.messages.get(0).type());
                assertEquals(1, UnicastRingStats.read(file.memory()).deadProducerRepairs());
                assertEquals(0, UnicastRingStats.read(file.memory()).timeoutRepairs());
            }
        }
    }

    @Test
    void producerDeadBetweenItsClaimAndItsFirstHeaderWriteIsFoundThroughItsSlot() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64);
        try (RingFile file = RingFile.create(paths.next("window"), RingDescriptor.MPSC_FORMAT, options)) {
            MappedMemory memory = file.memory();
            MpscProducer live = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "live", r -> { });
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            // what a producer that died right after its claim CAS leaves: its slot, the claim, a zero header
            int slot = RingDescriptor.producerSlotOffset(5);
            memory.putLong(slot + RingDescriptor.SLOT_OWNER_OFFSET, DeadProcess.packed());
            memory.putLong(slot + RingDescriptor.SLOT_CLAIM_POSITION_OFFSET, 0);
            memory.putInt(slot + RingDescriptor.SLOT_CLAIM_LENGTH_OFFSET, 48);
            memory.putLongVolatile(RingDescriptor.CLAIM_OFFSET, 48);
            assertTrue(live.offer(new byte[]{9}, 0, 1, 3));
            Collected got = new Collected();
            assertEquals(1, pollFor(consumer, got, 1));
            assertEquals(3, got.messages.get(0).type());
            assertEquals(48 + 16, consumer.position());
            assertEquals(1, UnicastRingStats.read(memory).deadProducerRepairs());
        }
    }

    @Test
    void liveProducersClaimIsNeverRepairedWithoutATimeout() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64);
        try (RingFile file = RingFile.create(paths.next("live"), RingDescriptor.MPSC_FORMAT, options)) {
            MpscProducer slow = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "slow", r -> { });
            MpscProducer other = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "o", r -> { });
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            int index = slow.tryClaim(8, 1);
            assertTrue(other.offer(new byte[0], 0, 0, 2));
            Collected got = new Collected();
            long until = System.nanoTime() + 3 * MpscConsumer.CHECK_INTERVAL_NANOS;
            while (System.nanoTime() < until) {
                assertEquals(0, consumer.poll(got, 10), "blocked behind the live claim");
            }
            slow.buffer().putLong(index, 77);
            slow.commit(index);
            assertEquals(2, consumer.poll(got, 10));
            assertEquals(List.of(1, 2), List.of(got.messages.get(0).type(), got.messages.get(1).type()));
            assertEquals(0, UnicastRingStats.read(file.memory()).deadProducerRepairs());
        }
    }

    @Test
    void stuckClaimTimeoutRepairsALiveClaimAndItsCommitThenFails() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64)
                .stuckClaimTimeout(50, TimeUnit.MILLISECONDS);
        try (RingFile file = RingFile.create(paths.next("timeout"), RingDescriptor.MPSC_FORMAT, options)) {
            MpscProducer slow = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "slow", r -> { });
            MpscProducer other = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "o", r -> { });
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            int index = slow.tryClaim(8, 1);
            assertTrue(other.offer(new byte[0], 0, 0, 2));
            Collected got = new Collected();
            assertEquals(1, pollFor(consumer, got, 1));
            assertEquals(2, got.messages.get(0).type());
            assertEquals(1, UnicastRingStats.read(file.memory()).timeoutRepairs());
            ClaimRepairedException e = assertThrows(ClaimRepairedException.class, () -> slow.commit(index));
            assertTrue(e.getMessage().contains("stuck-claim timeout"), e.getMessage());
            assertTrue(other.offer(new byte[0], 0, 0, 3), "the ring goes on");
            assertEquals(1, consumer.poll(got, 10));
        }
    }

    @Test
    void aCheckedCommitTellsAnOverwrittenHeaderFromARepair() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64)
                .stuckClaimTimeout(1, TimeUnit.HOURS);
        try (RingFile file = RingFile.create(paths.next("overwritten"), RingDescriptor.MPSC_FORMAT, options)) {
            MpscProducer producer = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "p", r -> { });
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            int index = producer.tryClaim(8, 1);
            producer.buffer().putInt(index - 4, 5);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> producer.commit(index));
            assertTrue(e.getMessage().contains(String.format("expected 0x%016x, found 0x%016x",
                    Records.header(-16, 0), Records.header(-16, 5))), e.getMessage());
            assertTrue(producer.offer(new byte[]{4}, 0, 1, 2), "the ring goes on");
            Collected got = new Collected();
            assertEquals(1, consumer.poll(got, 10));
            assertEquals(2, got.messages.get(0).type());
        }
    }

    @Test
    void consumerThatDiedWhileZeroingResumesAfterItsAcknowledgement() throws Exception {
        Path path = paths.next("zeroing");
        try (MpscRing ring = MpscRing.create(path, UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64))) {
            RingProducer producer = ring.producer();
            for (int i = 1; i <= 3; i++) {
                assertTrue(producer.offer(new byte[8], 0, 8, i));
            }
        }
        // acknowledged the first record (16 bytes), died before zeroing it and moving the head
        FileBytes.patchLong(path, RingDescriptor.CONSUMED_OFFSET, 16);
        try (MpscRing ring = MpscRing.open(path, UnicastRingOptions.defaults())) {
            RingConsumer consumer = ring.consumer();
            assertEquals(16, RingInspector.inspect(path).head(), "attach finished the zeroing");
            Collected got = new Collected();
            assertEquals(2, consumer.poll(got, 10));
            assertEquals(2, got.messages.get(0).type());
            assertEquals(3, got.messages.get(1).type());
        }
    }

    @Test
    void slotsAreLimitedAndFreedOnClose() {
        try (MpscRing ring = MpscRing.create(paths.next("slots"),
                UnicastRingOptions.defaults().capacity(4096).producerSlots(2))) {
            List<RingProducer> producers = new ArrayList<>();
            producers.add(ring.producer());
            producers.add(ring.producer());
            RingSlotsTakenException e = assertThrows(RingSlotsTakenException.class, ring::producer);
            assertTrue(e.getMessage().contains("all producerSlots=2 are taken"), e.getMessage());
            producers.get(0).close();
            ring.producer().close();
        }
    }

    @Test
    void deadOwnersSlotIsReusedOnceItsClaimIsSettled() throws Exception {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64).producerSlots(1);
        try (RingFile file = RingFile.create(paths.next("reuse"), RingDescriptor.MPSC_FORMAT, options)) {
            MpscProducer dead = new MpscProducer(file, DeadProcess.identity(), WaitStrategy.BUSY_SPIN, "dead", r -> { });
            assertTrue(dead.tryClaim(8, 1) != RingProducer.NO_CLAIM);
            assertThrows(ChannelException.class,
                    () -> new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "new", r -> { }),
                    "the dead claim is still ahead of the consumer");
            MpscConsumer consumer = new MpscConsumer(file, WaitStrategy.BUSY_SPIN, "c", r -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (UnicastRingStats.read(file.memory()).deadProducerRepairs() == 0 && System.nanoTime() < deadline) {
                consumer.poll(new Collected(), 10);
            }
            consumer.poll(new Collected(), 10);
            MpscProducer fresh = new MpscProducer(file, ProcessIdentity.current(), WaitStrategy.BUSY_SPIN, "new", r -> { });
            assertTrue(fresh.offer(new byte[0], 0, 0, 4));
            Collected got = new Collected();
            assertEquals(1, consumer.poll(got, 10));
        }
    }

    @Test
    void threadsProducingConcurrentlyKeepTheirOwnOrder() throws Exception {
        int producers = 3;
        int perProducer = 50_000;
        // BLOCKING waits on both sides: spinning producers would starve the claim holders on 2 cores
        try (MpscRing ring = MpscRing.create(paths.next("threads"),
                UnicastRingOptions.defaults().capacity(1 << 14).maxMessageLength(64).waitStrategy(WaitStrategy.BLOCKING))) {
            RingConsumer consumer = ring.consumer();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                RingProducer producer = ring.producer();
                int type = p + 1;
                Thread thread = new Thread(() -> {
                    try {
                        for (long seq = 0; seq < perProducer; seq++) {
                            int index = producer.tryClaim(8 + (int) (seq % 40), type, 30, TimeUnit.SECONDS);
                            if (index < 0) {
                                throw new AssertionError("no room for 30 s");
                            }
                            producer.buffer().putLong(index, seq);
                            producer.commit(index);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                threads.add(thread);
                thread.start();
            }
            long[] next = new long[producers];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long received = 0;
            while (received < (long) producers * perProducer && System.nanoTime() < deadline) {
                received += consumer.poll((type, buffer, offset, length) -> {
                    long seq = buffer.getLong(offset);
                    if (seq != next[type - 1] || length != 8 + seq % 40) {
                        throw new AssertionError("producer " + type + " expected " + next[type - 1] + " got " + seq);
                    }
                    next[type - 1]++;
                }, 256, 1, TimeUnit.SECONDS);
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertEquals((long) producers * perProducer, received);
            assertEquals(0, consumer.poll((type, buffer, offset, length) -> { }, 1), "all received");
            assertEquals(received, ring.stats().messages(), "stored by the poll that found nothing");
        }
    }
}
