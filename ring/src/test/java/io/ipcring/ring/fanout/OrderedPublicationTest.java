package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.TestThreads;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publication algorithm over a real mapping, with a test gate and MessageFrame framing. */
class OrderedPublicationTest {
    static final RegionFormat FORMAT = new RegionFormat(0x7E58, 1, "ordered-publication-test");
    static final int CLAIM = 4096;
    static final int TAIL = CLAIM + 128;
    static final int MESSAGES = TAIL + 128;
    static final int NOT_EMPTY = MESSAGES + 128;
    static final int REPAIR_LOCK = NOT_EMPTY + 128;
    static final int SLOTS = REPAIR_LOCK + 128;
    static final int SLOT_COUNT = 4;
    static final int DATA = 8192;
    static final int CAPACITY = 4096;
    static final OrderedPublication.Layout LAYOUT = new OrderedPublication.Layout(CLAIM, TAIL, MESSAGES, MESSAGES + 8,
            MESSAGES + 16, REPAIR_LOCK, SLOTS, SLOT_COUNT, DATA, CAPACITY);

    private final TestPaths paths = new TestPaths();
    private SharedRegion region;
    private MappedMemory memory;
    private final TestGate gate = new TestGate();
    private final List<Long> stamps = new ArrayList<>();

    /** Lets producers write below {@code bound + capacity}, or, with readers at the tail, below tail + capacity. */
    final class TestGate implements OrderedPublication.Gate {
        volatile long bound;
        volatile boolean readersAtTail;
        final List<long[]> writes = new ArrayList<>();

        @Override
        public boolean admits(long needed) {
            return needed <= (readersAtTail ? memory.getLongAcquire(TAIL) : bound);
        }

        @Override
        public boolean wouldAdmit(long needed) {
            return admits(needed);
        }

        @Override
        public synchronized void beforeWrite(long start, long end) {
            writes.add(new long[] {start, end});
        }
    }

    @BeforeEach
    void create() {
        region = SharedRegion.create(paths.next("pub"), FORMAT, DATA + CAPACITY, RegionAccess.OWNER, m -> {
            for (int i = 0; i < SLOT_COUNT; i++) {
                m.putLong(SLOTS + i * ProducerSlotDescriptor.LENGTH + ProducerSlotDescriptor.CLAIM_START_OFFSET,
                        ProducerSlotDescriptor.NO_CLAIM_START);
            }
        });
        memory = region.memory();
    }

    @AfterEach
    void delete() {
        region.close();
        paths.close();
    }

    private OrderedPublication publication() {
        return new OrderedPublication(memory, region.path(), LAYOUT, gate, new OrderedPublication.RecordFormat() {
            @Override
            public int alignment() {
                return MessageFrame.ALIGNMENT;
            }

            @Override
            public void writePadding(int offset, long position, int bytes) {
                memory.putInt(offset + MessageFrame.LENGTH_OFFSET, bytes - MessageFrame.HEADER_LENGTH);
                memory.putInt(offset + MessageFrame.TYPE_OFFSET, MessageFrame.PADDING_TYPE);
            }

            @Override
            public void stamp(int offset, long messagesBefore) {
                synchronized (stamps) {
                    stamps.add(messagesBefore);
                }
            }
        }, null, FanoutIdle.signal(memory, NOT_EMPTY));
    }

    private void writeRecord(OrderedPublication p, long position, int length, int type) {
        int at = p.offsetOf(position);
        memory.putInt(at + MessageFrame.LENGTH_OFFSET, length);
        memory.putInt(at + MessageFrame.TYPE_OFFSET, type);
    }

    private int type(long position) {
        return memory.getInt(DATA + (int) (position & (CAPACITY - 1)) + MessageFrame.TYPE_OFFSET);
    }

    private int length(long position) {
        return memory.getInt(DATA + (int) (position & (CAPACITY - 1)) + MessageFrame.LENGTH_OFFSET);
    }

    /** Claims [c, c + bytes) as a producer that then dies: its slot names c and its owner is gone. */
    private void claimAsDeadProducer(int slot, int bytes) {
        int base = SLOTS + slot * ProducerSlotDescriptor.LENGTH;
        long c = memory.getLongVolatile(CLAIM);
        memory.putLongVolatile(base + ProducerSlotDescriptor.OWNER_OFFSET, DeadProcess.packed());
        memory.putLongVolatile(base + ProducerSlotDescriptor.CLAIM_START_OFFSET, c);
        assertTrue(memory.compareAndSetLong(CLAIM, c, c + bytes));
    }

    @Test
    void claimAndCommitMoveTheTailAndStampTheMessageCount() {
        OrderedPublication p = publication();
        assertEquals(0, p.claim(64));
        writeRecord(p, 0, 56, 1);
        assertTrue(p.commit(56, true));
        assertEquals(64, memory.getLongVolatile(TAIL));
        assertEquals(1, memory.getLongVolatile(MESSAGES));
        assertEquals(56, memory.getLongVolatile(MESSAGES + 8));
        assertEquals(64, p.claim(16));
        assertTrue(p.commit(8, true));
        assertEquals(List.of(0L, 1L), stamps);
        assertEquals(ProducerSlotDescriptor.NO_CLAIM_START,
                memory.getLongVolatile(SLOTS + p.slot() * ProducerSlotDescriptor.LENGTH + ProducerSlotDescriptor.CLAIM_START_OFFSET));
    }

    @Test
    void aRecordThatDoesNotFitBeforeTheEndIsPrecededByPadding() {
        OrderedPublication p = publication();
        gate.bound = 1 << 20;
        assertEquals(0, p.claim(4000));
        p.commit(0, false);
        long position = p.claim(200);
        assertEquals(4096, position, "the record starts at index 0 of the next lap");
        assertEquals(MessageFrame.PADDING_TYPE, type(4000));
        assertEquals(96 - 8, length(4000));
        p.commit(0, true);
        assertEquals(4296, memory.getLongVolatile(TAIL));
    }

    @Test
    void aFullRingRefusesTheClaimAndLeavesTheSlotEmpty() {
        OrderedPublication p = publication();
        assertEquals(0, p.claim(4096));
        p.commit(0, true);
        assertFalse(p.hasRoom(8));
        assertEquals(OrderedPublication.FULL, p.claim(8));
        assertEquals(ProducerSlotDescriptor.NO_CLAIM_START,
                memory.getLongVolatile(SLOTS + p.slot() * ProducerSlotDescriptor.LENGTH + ProducerSlotDescriptor.CLAIM_START_OFFSET));
        gate.bound = 8;
        assertTrue(p.hasRoom(8));
        assertEquals(4096, p.claim(8));
        p.commit(0, true);
    }

    @Test
    void commitsBecomeVisibleInClaimOrderEvenWhenALaterClaimCommitsFirst() throws Exception {
        OrderedPublication first = publication();
        OrderedPublication second = publication();
        assertEquals(0, first.claim(64));
        assertEquals(64, second.claim(32));
        CompletableFuture<Boolean> later = CompletableFuture.supplyAsync(() -> second.commit(24, true), TestThreads.NEW_THREAD);
        Thread.sleep(100);
        assertFalse(later.isDone(), "the second commit waits for the first");
        assertEquals(0, memory.getLongVolatile(TAIL));
        first.commit(56, true);
        assertTrue(later.get(20, TimeUnit.SECONDS));
        assertEquals(96, memory.getLongVolatile(TAIL));
        assertEquals(0, memory.getLongVolatile(MESSAGES + 16), "no repair: the first producer was alive");
    }

    @Test
    void theClaimsOfDeadProducersAreTurnedIntoPaddingByTheProducerAfterThem() {
        gate.readersAtTail = true;
        OrderedPublication live = publication();
        claimAsDeadProducer(2, 64);
        claimAsDeadProducer(3, 1000);
        long position = live.claim(64);
        assertEquals(1064, position);
        writeRecord(live, position, 56, 7);
        assertTrue(live.commit(56, true));
        assertEquals(1064 + 64, memory.getLongVolatile(TAIL));
        assertEquals(1, memory.getLongVolatile(MESSAGES + 16), "one repair");
        assertEquals(MessageFrame.PADDING_TYPE, type(0));
        assertEquals(1064 - 8, length(0), "one padding record over both dead claims");
        assertEquals(7, type(1064));
        assertTrue(gate.writes.stream().anyMatch(w -> w[0] == 0 && w[1] == 1064), "the repair asked the gate first");
        assertEquals(List.of(0L, 0L), stamps, "the padding and the message were stamped with 0 messages before them");
    }

    @Test
    void deadClaimsThatFillTheRingAreRepairedByAProducerWhoseClaimIsRefused() throws Exception {
        gate.readersAtTail = true;
        OrderedPublication live = publication();
        claimAsDeadProducer(2, 64);
        claimAsDeadProducer(3, 4000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long position;
        while ((position = live.claim(64)) == OrderedPublication.FULL) {
            assertTrue(System.nanoTime() < deadline, "the stalled tail was never repaired");
            Thread.sleep(1);
        }
        assertEquals(4096, position, "after the repaired claims, wrapping");
        assertEquals(4064, memory.getLongVolatile(TAIL));
        assertEquals(1, memory.getLongVolatile(MESSAGES + 16), "one repair");
        assertEquals(MessageFrame.PADDING_TYPE, type(4064), "the live claim's own padding to the end of the data");
        writeRecord(live, position, 56, 7);
        assertTrue(live.commit(56, true));
        assertEquals(4096 + 64, memory.getLongVolatile(TAIL));
    }

    @Test
    void noRepairWhileAnotherProcessHoldsTheRepairLock() throws Exception {
        gate.readersAtTail = true;
        OrderedPublication live = publication();
        claimAsDeadProducer(2, 64);
        memory.putLongVolatile(REPAIR_LOCK, ProcessIdentity.current().pack());
        assertEquals(64, live.claim(64));
        CompletableFuture<Boolean> commit = CompletableFuture.supplyAsync(() -> live.commit(0, true), TestThreads.NEW_THREAD);
        Thread.sleep(50);
        assertFalse(commit.isDone());
        memory.putLongVolatile(REPAIR_LOCK, DeadProcess.packed());
        assertTrue(commit.get(20, TimeUnit.SECONDS), "a repair lock held by a dead process is taken over");
        assertEquals(0, memory.getLongVolatile(REPAIR_LOCK));
    }

    @Test
    void aRepairLockWordNamingNoProcessIsReportedAsCorruptionOfTheFile() throws Exception {
        gate.readersAtTail = true;
        OrderedPublication live = publication();
        claimAsDeadProducer(2, 64);
        // start ticks 5 (bits 24..), pid 0 (bits 2..23): no process
        memory.putLongVolatile(REPAIR_LOCK, 5L << 24);
        assertEquals(64, live.claim(64));
        ExecutionException e = assertThrows(ExecutionException.class, () -> CompletableFuture
                .supplyAsync(() -> live.commit(0, true), TestThreads.NEW_THREAD).get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RingCorruptedException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains(region.path().toString())
                && e.getCause().getMessage().contains("repair lock"), e.getCause().getMessage());
    }

    @Test
    void aDeadProducerWhoseCompareAndSetFailedDoesNotHideALiveOneHoldingTheSameStart() throws Exception {
        OrderedPublication winner = publication();
        OrderedPublication later = publication();
        // a dead producer wrote start 0 in its slot but lost the race for it
        int base = SLOTS + 3 * ProducerSlotDescriptor.LENGTH;
        memory.putLongVolatile(base + ProducerSlotDescriptor.OWNER_OFFSET, DeadProcess.packed());
        memory.putLongVolatile(base + ProducerSlotDescriptor.CLAIM_START_OFFSET, 0);
        assertEquals(0, winner.claim(64));
        assertEquals(64, later.claim(64));
        CompletableFuture<Boolean> commit = CompletableFuture.supplyAsync(() -> later.commit(0, true), TestThreads.NEW_THREAD);
        Thread.sleep(FanoutIdle.LIVENESS_CHECK_INTERVAL_NANOS / 1_000_000 * 20);
        assertFalse(commit.isDone(), "the live winner of start 0 is waited for, not padded over");
        winner.commit(0, true);
        assertTrue(commit.get(20, TimeUnit.SECONDS));
        assertEquals(0, memory.getLongVolatile(MESSAGES + 16));
        assertEquals(2, memory.getLongVolatile(MESSAGES));
    }

    @Test
    void aDeadProducersSlotIsReusedOnlyOnceItsClaimIsBehindTheTail() {
        for (int i = 0; i < SLOT_COUNT - 1; i++) {
            publication();
        }
        claimAsDeadProducer(SLOT_COUNT - 1, 64);
        RingSlotsTakenException e = assertThrows(RingSlotsTakenException.class, this::publication);
        assertTrue(e.getMessage().contains("producerSlots=4"), e.getMessage());
        memory.putLongVolatile(TAIL, 64);
        assertEquals(SLOT_COUNT - 1, publication().slot());
    }

    @Test
    void impossibleTailsAndUnnamedClaimsAreReportedAsCorruption() {
        OrderedPublication p = publication();
        assertEquals(0, p.claim(64));
        memory.putLongVolatile(TAIL, 128);
        RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> p.commit(0, true));
        assertTrue(e.getMessage().contains("tail=128"), e.getMessage());
        memory.putLongVolatile(TAIL, 128);
        memory.putLongVolatile(CLAIM, 256);
        assertEquals(256, p.claim(64));
        // [128, 256) is claimed, yet no slot names it
        e = assertThrows(RingCorruptedException.class, () -> p.commit(0, true));
        assertTrue(e.getMessage().contains("no producer slot"), e.getMessage());
    }

    @Test
    void closeCommitsAnOpenClaimAsPaddingAndFreesTheSlot() {
        OrderedPublication p = publication();
        assertEquals(0, p.claim(64));
        assertTrue(p.hasOpenClaim());
        p.close();
        assertEquals(64, memory.getLongVolatile(TAIL));
        assertEquals(MessageFrame.PADDING_TYPE, type(0));
        assertEquals(0, memory.getLongVolatile(SLOTS + ProducerSlotDescriptor.OWNER_OFFSET));
        assertThrows(IllegalStateException.class, () -> p.commit(0, true));
    }
}
