package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.Collected;
import io.ipcring.ring.InspectorFuzz;
import io.ipcring.ring.fanout.BroadcastInspector.BroadcastInfo;
import io.ipcring.ring.fanout.BroadcastInspector.SubscriberSlot;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** {@link BroadcastInspector} over real rings: a subscriber in a child JVM killed with SIGKILL, one in this JVM. */
class BroadcastInspectorTest {
    private static final int CAPACITY = 4096;
    /** 8-byte header + 24 bytes: 32 bytes a record. */
    private static final int PAYLOAD = 24;
    private static final long ME = ProcessHandle.current().pid();

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static BroadcastRingOptions options() {
        return BroadcastRingOptions.defaults().capacity(CAPACITY).producerSlots(2).subscriberSlots(4)
                .livenessTimeout(5, TimeUnit.MINUTES);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    private static SubscriberSlot named(BroadcastInfo info, String name) {
        return info.subscribers().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + info.subscribers()));
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readsPositionsLagAndLivenessOfEverySubscriberWithoutAttaching() throws Exception {
        Path path = paths.next("bcinspect");
        try (BroadcastRing ring = BroadcastRing.create(path, options());
             ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), InspectedSubscriberMain.class,
                     path.toString(), "child", "3")) {
            await(() -> ring.subscribers().size() == 1, "the child attaches; " + child.output());
            try (Publisher publisher = ring.publisher();
                 Subscriber local = ring.subscribe("local", BroadcastRing.StartPosition.LATEST)) {
                for (int i = 0; i < 5; i++) {
                    assertTrue(publisher.offer(Collected.bytes(PAYLOAD, i), 0, PAYLOAD, 7));
                }
                assertEquals(2, local.poll(new BroadcastRingTest.Collector(), 2));
                await(() -> child.output().contains("received 3"), "the child reads 3; " + child.output());
                child.kill();
                byte[] before = Files.readAllBytes(path);

                BroadcastInfo info = BroadcastInspector.inspect(path);
                assertEquals(path, info.path());
                assertEquals(CAPACITY, info.capacity());
                assertEquals(options().maxMessageLength(), info.maxMessageLength());
                assertEquals(2, info.producerSlots());
                assertEquals(4, info.subscriberSlots());
                assertEquals(Duration.ofMinutes(5), info.livenessTimeout());
                assertEquals(ME, info.creatorPid());
                assertEquals(160, info.tail());
                assertEquals(160, info.claim());
                assertEquals(0, info.uncommitted());
                assertEquals(0, info.retained());
                assertEquals(64, info.gatingPosition(), "the slowest gating subscriber is the local one");
                assertEquals(96, info.fill());
                assertEquals(2, info.epoch(), "two subscribers joined");
                assertEquals(List.of(new ProducerSlotInfo(0, ME, true, ProducerSlotDescriptor.NO_CLAIM_START)), info.producers());
                assertEquals(2, info.subscribers().size());

                SubscriberSlot dead = named(info, "child");
                assertEquals(child.pid(), dead.pid());
                assertFalse(dead.alive(), "killed with SIGKILL");
                assertFalse(dead.released());
                assertTrue(dead.gating(), "a dead subscriber holds the producers back until the liveness timeout");
                assertEquals(96, dead.position());
                assertEquals(64, dead.lag());
                SubscriberSlot live = named(info, "local");
                assertEquals(ME, live.pid());
                assertTrue(live.alive());
                assertEquals(64, live.position());
                assertEquals(96, live.lag());
                assertTrue(dead.slot() != live.slot() && dead.slot() >= 0 && dead.slot() < 4 && live.slot() < 4);
                assertTrue(dead.heartbeatAgeNanos() >= 0 && live.heartbeatAgeNanos() >= 0, info.toString());

                assertEquals(0, info.subscribersWaiting());
                assertEquals(0, info.producersWaiting());
                assertEquals(new BroadcastRingStats(5, 5 * PAYLOAD, 0, 0, 0), info.stats());

                Thread.sleep(20);
                SubscriberSlot later = named(BroadcastInspector.inspect(path), "child");
                assertTrue(later.heartbeatAgeNanos() - dead.heartbeatAgeNanos() >= TimeUnit.MILLISECONDS.toNanos(20),
                        "a dead subscriber's heartbeat only ages");
                assertEquals(2, ring.subscribers().size(), "inspecting took no slot");
                assertArrayEquals(before, Files.readAllBytes(path), "inspecting wrote nothing");
            }
        }
    }

    @Test
    void aReleasedSubscriberNoLongerGatesAndMayLagMoreThanTheCapacity() throws Exception {
        Path path = paths.next("bcreleased");
        try (BroadcastRing ring = BroadcastRing.create(path, options().livenessTimeout(1, TimeUnit.MILLISECONDS));
             Publisher publisher = ring.publisher();
             Subscriber stale = ring.subscribe("stale", BroadcastRing.StartPosition.LATEST)) {
            Thread.sleep(5);
            assertEquals(0, ((BroadcastSubscriber) stale).position(), "it never polls");
            int published = 0;
            for (int i = 0; i < 2 * CAPACITY / 32; i++) {
                if (publisher.offer(Collected.bytes(PAYLOAD, i), 0, PAYLOAD, 7)) {
                    published++;
                }
            }
            BroadcastInfo info = BroadcastInspector.inspect(path);
            SubscriberSlot s = named(info, "stale");
            assertTrue(s.released(), info.toString());
            assertFalse(s.gating());
            assertTrue(s.alive(), "released, but its process runs");
            assertEquals(0, s.position());
            assertEquals(32L * published, s.lag());
            assertTrue(s.lag() > CAPACITY, "what it missed was overwritten: " + s);
            assertEquals(info.tail(), info.gatingPosition(), "nobody gates");
            assertEquals(0, info.fill());
            assertEquals(1, info.stats().subscriberReleases());
        }
    }

    @Test
    void anEmptyRingHasNoSlotsInUse() {
        Path path = paths.next("bcempty");
        BroadcastRing.create(path, options()).close();
        BroadcastInfo info = BroadcastInspector.inspect(path);
        assertEquals(List.of(), info.producers());
        assertEquals(List.of(), info.subscribers());
        assertEquals(0, info.tail());
        assertEquals(0, info.fill());
    }

    @Test
    void otherKindsAndMissingFilesAreNamed() {
        Path spsc = paths.next("bcspsc");
        SpscRing.create(spsc, UnicastRingOptions.defaults().capacity(4096)).close();
        SharedMemoryException wrongKind = assertThrows(SharedMemoryException.class, () -> BroadcastInspector.inspect(spsc));
        assertEquals(SharedMemoryException.Reason.WRONG_KIND, wrongKind.reason());
        assertTrue(wrongKind.getMessage().contains("broadcast ring"), wrongKind.getMessage());
        SharedMemoryException missing = assertThrows(SharedMemoryException.class,
                () -> BroadcastInspector.inspect(paths.next("bcmissing")));
        assertEquals(SharedMemoryException.Reason.MISSING, missing.reason());
    }

    /** A closed ring with a producer slot's claim committed, a subscriber attached at 64 and tail 96. */
    private Path ringToCorrupt() {
        Path path = paths.next("bccorrupt");
        try (BroadcastRing ring = BroadcastRing.create(path, options());
             Publisher publisher = ring.publisher()) {
            Subscriber left = ring.subscribe("left", BroadcastRing.StartPosition.LATEST);
            for (int i = 0; i < 3; i++) {
                assertTrue(publisher.offer(Collected.bytes(PAYLOAD, i), 0, PAYLOAD, 7));
            }
            assertEquals(2, left.poll(new BroadcastRingTest.Collector(), 2));
        }
        return path;
    }

    @Test
    void everyImpossibleValueIsNamed() throws Exception {
        Path path = ringToCorrupt();
        byte[] pristine = Files.readAllBytes(path);
        assertEquals(96, BroadcastInspector.inspect(path).tail());
        assertEquals(64, BroadcastInspector.inspect(path).subscribers().get(0).position());
        int slot = BroadcastRingDescriptor.subscriberSlotTableOffset(2);
        int producer = BroadcastRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET;
        Executable inspect = () -> BroadcastInspector.inspect(path);
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.SUBSCRIBER_SLOTS_OFFSET, 5000, false, inspect,
                "subscriberSlots=5000");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.CAPACITY_OFFSET, 12345, false, inspect,
                "capacity=12345");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.LIVENESS_TIMEOUT_OFFSET, -1, true, inspect,
                "livenessTimeout");
        InspectorFuzz.assertCorrupted(path, pristine, slot + BroadcastRingDescriptor.SUBSCRIBER_NAME_LENGTH_OFFSET,
                1_000_000, false, inspect, "nameLength=1000000");
        InspectorFuzz.assertCorrupted(path, pristine, slot + BroadcastRingDescriptor.SUBSCRIBER_POSITION_OFFSET,
                4096, true, inspect, "position=4096");
        InspectorFuzz.assertCorrupted(path, pristine, slot + BroadcastRingDescriptor.SUBSCRIBER_POSITION_OFFSET,
                -32, true, inspect, "position=-32");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.TAIL_OFFSET, 128, true, inspect,
                "claim=96 tail=128");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.CLAIM_OFFSET, 96 + 2 * CAPACITY, true,
                inspect, "tail=96");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.TAIL_OFFSET, 93, true, inspect, "tail=93");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.RETAINED_OFFSET, 3, true, inspect,
                "retained=3");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.EPOCH_OFFSET, -1, true, inspect, "epoch=-1");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.MESSAGES_OFFSET, -1, true, inspect,
                "messages=-1");
        InspectorFuzz.assertCorrupted(path, pristine, BroadcastRingDescriptor.NOT_FULL_OFFSET, -2, false,
                inspect, "not-full signal word=-2");
        Files.write(path, pristine);
        FileBytes.patchLong(path, producer + ProducerSlotDescriptor.OWNER_OFFSET, DeadProcess.packed());
        InspectorFuzz.assertCorrupted(path, Files.readAllBytes(path), producer + ProducerSlotDescriptor.CLAIM_START_OFFSET,
                1 << 20, true, inspect, "claimStart=1048576");
    }

    @Test
    void randomValuesAnywhereInTheHeaderAndSlotsGiveAResultOrANamedCorruption() throws Exception {
        Path path = ringToCorrupt();
        byte[] pristine = Files.readAllBytes(path);
        int end = BroadcastRingDescriptor.subscriberSlotTableOffset(2) + 4 * BroadcastRingDescriptor.SUBSCRIBER_SLOT_LENGTH;
        int corrupted = InspectorFuzz.run(path, pristine, RegionHeader.LENGTH, end, 0xB0ADCA57L,
                () -> BroadcastInspector.inspect(path));
        assertTrue(corrupted > 0, "no trial was reported as corrupted");
    }
}
