package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.InspectorFuzz;
import io.ipcring.ring.fanout.WorkQueueInspector.ConsumerSlot;
import io.ipcring.ring.fanout.WorkQueueInspector.InFlight;
import io.ipcring.ring.fanout.WorkQueueInspector.WorkQueueInfo;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** {@link WorkQueueInspector} over real rings: a consumer in a child JVM killed with SIGKILL while it holds a message. */
class WorkQueueInspectorTest {
    private static final int CAPACITY = 4096;
    /** 32-byte header + 2 bytes, aligned: 64 bytes a record. */
    private static final int RECORD = 64;
    private static final long ME = ProcessHandle.current().pid();

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static WorkQueueRingOptions options() {
        return WorkQueueRingOptions.defaults().capacity(CAPACITY).producerSlots(2).consumerSlots(4);
    }

    private static void publish(Publisher publisher, int count) {
        for (int i = 0; i < count; i++) {
            byte[] payload = ("m" + i).getBytes(StandardCharsets.UTF_8);
            assertTrue(publisher.offer(payload, 0, payload.length, 5));
        }
    }

    private static ConsumerSlot ofPid(WorkQueueInfo info, long pid) {
        return info.consumers().stream().filter(c -> c.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError(pid + " not in " + info.consumers()));
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readsTheQueueAndNamesTheDeadConsumerHoldingAMessage() throws Exception {
        Path path = paths.next("wqinspect");
        try (WorkQueueRing ring = WorkQueueRing.create(path, options());
             Publisher publisher = ring.publisher()) {
            publish(publisher, 6);
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), InspectedConsumerMain.class,
                    path.toString(), "1");
                 Subscriber local = ring.consumer()) {
                BroadcastInspectorTest.await(() -> child.output().contains("holding m1"),
                        "the child finishes m0 and holds m1; " + child.output());
                BroadcastRingTest.Collector taken = new BroadcastRingTest.Collector();
                assertEquals(1, local.poll(taken, 1));
                assertEquals("m2", new String(taken.payloads.get(0), StandardCharsets.UTF_8));
                child.kill();
                byte[] before = Files.readAllBytes(path);

                WorkQueueInfo info = WorkQueueInspector.inspect(path);
                assertEquals(path, info.path());
                assertEquals(CAPACITY, info.capacity());
                assertEquals(options().maxMessageLength(), info.maxMessageLength());
                assertEquals(2, info.producerSlots());
                assertEquals(4, info.consumerSlots());
                assertEquals(0, info.maxMessages());
                assertEquals(ME, info.creatorPid());
                assertEquals(6 * RECORD, info.tail());
                assertEquals(6 * RECORD, info.claim());
                assertEquals(0, info.uncommitted());
                assertEquals(RECORD, info.reclaim(), "m0 is finished and reclaimed; m1 is held");
                assertEquals(3 * RECORD, info.dispatch());
                assertEquals(5 * RECORD, info.fill());
                assertEquals(3, info.waiting(), "m3, m4, m5");
                assertEquals(1, info.inFlightCount(), "m1");
                assertEquals(1, info.finished(), "m2, behind m1");
                assertEquals(5, info.messages());
                assertEquals(List.of(new ProducerSlotInfo(0, ME, true, ProducerSlotDescriptor.NO_CLAIM_START)), info.producers());

                ConsumerSlot dead = ofPid(info, child.pid());
                assertFalse(dead.alive(), "killed with SIGKILL");
                assertEquals(1, dead.generation());
                assertEquals(1, dead.inFlight());
                ConsumerSlot live = ofPid(info, ME);
                assertTrue(live.alive());
                assertEquals(1, live.generation());
                assertEquals(0, live.inFlight());
                assertEquals(2, info.consumers().size());
                assertEquals(List.of(new InFlight(RECORD, 1, 5, 2, dead.slot(), 1, child.pid(), false)), info.inFlight());

                assertEquals(0, info.consumersWaiting());
                assertEquals(0, info.producersWaiting());
                assertEquals(new WorkQueueRingStats(6, 12, 0, 0, 0, 0), info.stats());
                assertArrayEquals(before, Files.readAllBytes(path), "inspecting wrote nothing");

                BroadcastRingTest.Collector adopted = new BroadcastRingTest.Collector();
                Thread.sleep(WorkQueueConsumer.ORPHAN_CHECK_INTERVAL_NANOS / 1_000_000 + 1);
                assertEquals(1, local.poll(adopted, 1));
                assertEquals("m1", new String(adopted.payloads.get(0), StandardCharsets.UTF_8),
                        "the message the inspector showed as held by a dead consumer is the one taken over");
                WorkQueueInfo after = WorkQueueInspector.inspect(path);
                assertEquals(0, after.inFlightCount());
                assertEquals(3 * RECORD, after.reclaim());
                assertEquals(1, after.stats().redeliveries());
            }
        }
    }

    @Test
    void aRingQueueFileIsAWorkQueueWithItsCapacityAsTheMessageBound() {
        Path path = paths.next("wqqueue");
        try (RingQueue<String> queue = RingQueue.open(path, 10, 16, StringCodec.INSTANCE)) {
            queue.add("a");
            queue.add("b");
            assertEquals("a", queue.poll());
            WorkQueueInfo info = WorkQueueInspector.inspect(path);
            assertEquals(10, info.maxMessages());
            assertEquals(1, info.waiting());
            assertEquals(0, info.inFlightCount());
            assertEquals(1, info.messages());
            assertEquals(2, info.stats().messages());
            assertEquals(1, info.consumers().size());
            assertEquals(1, info.producers().size());
        }
    }

    @Test
    void otherKindsAreNamed() {
        Path broadcast = paths.next("wqbroadcast");
        BroadcastRing.create(broadcast, BroadcastRingOptions.defaults().capacity(4096)).close();
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> WorkQueueInspector.inspect(broadcast));
        assertEquals(SharedMemoryException.Reason.WRONG_KIND, e.reason());
        assertTrue(e.getMessage().contains("work-queue ring"), e.getMessage());
    }

    /** A closed ring: 4 messages at 0, 64, 128, 192; the first finished, the second held by a dead claim. */
    private Path ringToCorrupt() throws Exception {
        Path path = paths.next("wqcorrupt");
        try (WorkQueueRing ring = WorkQueueRing.create(path, options());
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            publish(publisher, 4);
            assertEquals(1, consumer.poll(new BroadcastRingTest.Collector(), 1));
        }
        long deadClaim = WorkQueueRingDescriptor.claimed(3, 9);
        FileBytes.patchLong(path, WorkQueueRingDescriptor.dataOffset(2, 4) + RECORD + WorkQueueRingDescriptor.STATE_OFFSET,
                deadClaim);
        WorkQueueInfo info = WorkQueueInspector.inspect(path);
        assertEquals(List.of(new InFlight(RECORD, 1, 5, 2, 3, 9, 0, false)), info.inFlight(),
                "a claim by a slot nobody holds: the claimer is gone");
        return path;
    }

    @Test
    void everyImpossibleValueIsNamed() throws Exception {
        Path path = ringToCorrupt();
        byte[] pristine = Files.readAllBytes(path);
        int data = WorkQueueRingDescriptor.dataOffset(2, 4);
        int consumer = WorkQueueRingDescriptor.consumerSlotTableOffset(2);
        Executable inspect = () -> WorkQueueInspector.inspect(path);
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.CONSUMER_SLOTS_OFFSET, 1 << 20, false,
                inspect, "consumerSlots=1048576");
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.MAX_MESSAGES_OFFSET, -1, true, inspect,
                "maxMessages=-1");
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.RECLAIM_OFFSET, 4 * RECORD + 32, true,
                inspect, "reclaim=288");
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.RECLAIM_OFFSET, 8, true, inspect,
                "reclaim=8");
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.DISPATCH_OFFSET, -64, true, inspect,
                "dispatch=-64");
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.TAIL_OFFSET, 4 * RECORD + 64, true, inspect,
                "tail=320");
        InspectorFuzz.assertCorrupted(path, pristine, consumer + WorkQueueRingDescriptor.CONSUMER_GENERATION_OFFSET, -5,
                true, inspect, "generation=-5");
        InspectorFuzz.assertCorrupted(path, pristine, data + 2 * RECORD + WorkQueueRingDescriptor.STATE_OFFSET, 12345,
                true, inspect, "state=0x3039");
        InspectorFuzz.assertCorrupted(path, pristine, data + 2 * RECORD + WorkQueueRingDescriptor.STATE_OFFSET,
                WorkQueueRingDescriptor.claimed(7, 1), true, inspect, "record at position=128");
        InspectorFuzz.assertCorrupted(path, pristine, data + 2 * RECORD + WorkQueueRingDescriptor.LENGTH_OFFSET,
                Integer.MAX_VALUE, false, inspect, "length=2147483647");
        InspectorFuzz.assertCorrupted(path, pristine, data + 3 * RECORD + WorkQueueRingDescriptor.SEQUENCE_OFFSET, -1,
                true, inspect, "sequence=-1");
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.REDELIVERIES_OFFSET, Long.MIN_VALUE, true,
                inspect, "redeliveries=");
        InspectorFuzz.assertCorrupted(path, pristine, WorkQueueRingDescriptor.NOT_EMPTY_OFFSET, 7, false,
                inspect, "not-empty signal word=7");
    }

    @Test
    void randomValuesAnywhereInTheHeaderSlotsAndRecordsGiveAResultOrANamedCorruption() throws Exception {
        Path path = ringToCorrupt();
        byte[] pristine = Files.readAllBytes(path);
        int end = WorkQueueRingDescriptor.dataOffset(2, 4) + 5 * RECORD;
        int corrupted = InspectorFuzz.run(path, pristine, RegionHeader.LENGTH, end, 0x3017_0E0EL,
                () -> WorkQueueInspector.inspect(path));
        assertTrue(corrupted > 0, "no trial was reported as corrupted");
    }
}
