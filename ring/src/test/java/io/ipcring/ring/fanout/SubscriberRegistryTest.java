package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.TestPaths;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.sync.MappedMemory;
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
            ring.memory().putLongVolatile(BroadcastRingDescriptor.ATTACH_LOCK_OFFSET, DeadIdentities.deadIdentity());
            ring.subscribe("a", StartPosition.LATEST).close();
            assertEquals(0, ring.memory().getLongVolatile(BroadcastRingDescriptor.ATTACH_LOCK_OFFSET));
        }
    }

    @Test
    void whenEverySlotIsTakenTheSlotOfADeadSubscriberIsReusedForAnotherName() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("reg"), BroadcastRingOptions.defaults().capacity(1024).subscriberSlots(1))) {
            ring.subscribe("old", StartPosition.LATEST);
            ring.memory().putLongVolatile(ring.registry().slotOffset(0) + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET,
                    DeadIdentities.deadIdentity());
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
            ring.memory().putLongVolatile(slot + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET, DeadIdentities.deadIdentity());
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
