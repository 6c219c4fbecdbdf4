package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.TestThreads;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RobustMutex;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriberRegistryTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    private static void publish(BroadcastRing ring, int count, int length) {
        try (Publisher publisher = ring.publisher()) {
            for (int i = 0; i < count; i++) {
                assertTrue(publisher.offer(BroadcastRingTest.payload(i, length), 0, length, 1));
            }
        }
    }

    @Test
    void anAttachLockLeftByADeadProcessIsTakenOver() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024))) {
            ring.memory().putLongVolatile(BroadcastRingDescriptor.ATTACH_LOCK_OFFSET, DeadProcess.packed());
            ring.subscribe("a", StartPosition.LATEST).close();
            assertEquals(0, ring.memory().getLongVolatile(BroadcastRingDescriptor.ATTACH_LOCK_OFFSET));
        }
    }

    @Test
    void anAttachWaitsWhileALiveThreadHoldsTheAttachLockARobustMutex() throws Exception {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024))) {
            RobustMutex attachLock = RobustMutex.attach(ring.memory(), BroadcastRingDescriptor.ATTACH_LOCK_OFFSET);
            assertEquals(RobustMutex.LockResult.ACQUIRED, attachLock.lock());
            CompletableFuture<Integer> attach = CompletableFuture.supplyAsync(() -> {
                ring.subscribe("a", StartPosition.LATEST).close();
                return ring.subscribers().size();
            }, TestThreads.NEW_THREAD);
            Thread.sleep(100);
            assertFalse(attach.isDone(), "the attach waits for the lock");
            attachLock.unlock();
            assertEquals(0, attach.get(20, TimeUnit.SECONDS));
            assertFalse(attachLock.isLocked(), "the attach gave the lock back");
        }
    }

    @Test
    void anInterruptedThreadStillAttachesAndKeepsItsInterrupt() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024))) {
            Thread.currentThread().interrupt();
            try {
                ring.subscribe("a", StartPosition.LATEST).close();
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void anAttachLockWordNamingNoProcessIsReportedAsCorruptionOfTheFile() {
        Path path = paths.next("reg");
        try (BroadcastRing ring = BroadcastRing.create(path, BroadcastRingOptions.defaults().capacity(1024))) {
            // start ticks 5 (bits 24..), pid 0 (bits 2..23): no process
            ring.memory().putLongVolatile(BroadcastRingDescriptor.ATTACH_LOCK_OFFSET, 5L << 24);
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> ring.subscribe("a", StartPosition.LATEST));
            assertTrue(e.getMessage().contains(path.toString()) && e.getMessage().contains("attach lock"), e.getMessage());
        }
    }

    @Test
    void whenEverySlotIsTakenTheSlotOfADeadSubscriberIsReusedForAnotherName() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024).subscriberSlots(1))) {
            ring.subscribe("old", StartPosition.LATEST);
            ring.memory().putLongVolatile(ring.registry().slotOffset(0) + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET,
                    DeadProcess.packed());
            try (Subscriber fresh = ring.subscribe("new", StartPosition.LATEST)) {
                assertEquals("new", ring.subscribers().get(0).name());
                assertEquals(1, ring.stats().subscriberReleases());
                assertEquals(0, ((BroadcastSubscriber) fresh).position());
            }
        }
    }

    @Test
    void aSubscriberWithAHeartbeatFromTheFutureIsReleasedToo() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024));
             Subscriber s = ring.subscribe("s", StartPosition.LATEST)) {
            int slot = ring.registry().slotOffset(0);
            ring.memory().putLongVolatile(slot + BroadcastRingDescriptor.SUBSCRIBER_HEARTBEAT_OFFSET, System.nanoTime() + 3_600_000_000_000L);
            assertEquals(0, ring.registry().releaseStalled(0), "not below the needed position: kept");
            assertEquals(1, ring.registry().releaseStalled(1));
            assertThrows(ChannelClosedException.class, () -> s.poll(new Collector(), 1));
        }
    }

    @Test
    void theOldestStartIsARecordBoundaryThatTheProducersKeepAhead() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024))) {
            publish(ring, 50, 30);
            MappedMemory memory = ring.memory();
            long claim = memory.getLongVolatile(BroadcastRingDescriptor.CLAIM_OFFSET);
            long retained = memory.getLongVolatile(BroadcastRingDescriptor.RETAINED_OFFSET);
            assertTrue(retained >= claim - 1024 && retained % 40 == 0, "retained=" + retained + " claim=" + claim);
            assertEquals(retained, ring.registry().startPosition(StartPosition.OLDEST));
            assertEquals(claim, ring.registry().startPosition(StartPosition.LATEST));
        }
    }

    @Test
    void anImpossibleRetainedRecordOrPositionIsReportedAsCorruption() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024))) {
            publish(ring, 50, 30);
            MappedMemory memory = ring.memory();
            long retained = memory.getLongVolatile(BroadcastRingDescriptor.RETAINED_OFFSET);
            int record = ring.dataOffset() + (int) (retained & 1023);
            memory.putInt(record + MessageFrame.LENGTH_OFFSET, 999);
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> ring.registry().advanceRetained(retained + 1, retained + 1));
            assertTrue(e.getMessage().contains("position=" + retained + " (retained=" + retained), e.getMessage());
            memory.putLongVolatile(BroadcastRingDescriptor.RETAINED_OFFSET, -8);
            assertThrows(RingCorruptedException.class, () -> ring.subscribe("s", StartPosition.OLDEST));
        }
    }

    @Test
    void aDeadSubscribersImpossiblePositionIsNotResumed() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024))) {
            ring.subscribe("s", StartPosition.LATEST);
            int slot = ring.registry().slotOffset(0);
            ring.memory().putLongVolatile(slot + BroadcastRingDescriptor.SUBSCRIBER_POSITION_OFFSET, 4096);
            ring.memory().putLongVolatile(slot + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET, DeadProcess.packed());
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> ring.subscribe("s", StartPosition.LATEST));
            assertTrue(e.getMessage().contains("position=4096"), e.getMessage());
        }
    }

    @Test
    void anImpossibleNameLengthIsReportedAsCorruption() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024))) {
            ring.subscribe("s", StartPosition.LATEST);
            ring.memory().putInt(ring.registry().slotOffset(0) + BroadcastRingDescriptor.SUBSCRIBER_NAME_LENGTH_OFFSET, 65);
            assertThrows(RingCorruptedException.class, ring::subscribers);
            assertThrows(RingCorruptedException.class, () -> ring.subscribe("t", StartPosition.LATEST));
        }
    }
}
