package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingDescriptor;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.ProducerSlotDescriptor;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.fanout.WorkQueueRingDescriptor;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.ring.unicast.RingDescriptor;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.testsupport.TestPaths;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One vocabulary for every family's layout: the shared sizes live here, not in each descriptor. */
class RingGeometryTest {
    private static final Set<String> SHARED = Set.of("LINE", "LINE_LENGTH", "PAGE_LENGTH", "HEADER_PAGE_LENGTH",
            "MIN_CAPACITY", "MAX_CAPACITY", "MAX_SLOTS", "MAX_PRODUCER_SLOTS");
    private final TestPaths files = new TestPaths();

    @AfterEach
    void deleteFiles() {
        files.close();
    }

    @Test
    void noDescriptorRedefinesASharedSize() {
        List<String> own = new ArrayList<>();
        for (Class<?> descriptor : List.of(RingDescriptor.class, BroadcastRingDescriptor.class,
                WorkQueueRingDescriptor.class, ProducerSlotDescriptor.class)) {
            for (Field field : descriptor.getDeclaredFields()) {
                if (SHARED.contains(field.getName())) {
                    own.add(descriptor.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertTrue(own.isEmpty(), "use RingGeometry instead: " + own);
    }

    @Test
    void theSizesTheLayoutsAreBuiltOnAreUnchanged() {
        assertEquals(128, RingGeometry.LINE_LENGTH);
        assertEquals(4096, RingGeometry.PAGE_LENGTH);
        assertEquals(RingGeometry.PAGE_LENGTH, RingDescriptor.TAIL_OFFSET);
        assertEquals(RingGeometry.PAGE_LENGTH, BroadcastRingDescriptor.CLAIM_OFFSET);
        assertEquals(RingGeometry.PAGE_LENGTH, WorkQueueRingDescriptor.CLAIM_OFFSET);
        assertEquals(RingGeometry.LINE_LENGTH, ProducerSlotDescriptor.LENGTH);
    }

    @Test
    void everyFamilyTakesTheSmallestCapacity() {
        SpscRing.create(files.next("min-spsc"), UnicastRingOptions.defaults().capacity(RingGeometry.MIN_CAPACITY)).close();
        try (BroadcastRing ring = BroadcastRing.create(files.next("min-broadcast"),
                BroadcastRingOptions.defaults().capacity(RingGeometry.MIN_CAPACITY));
             Publisher publisher = ring.publisher();
             Subscriber subscriber = ring.subscribe("s", BroadcastRing.StartPosition.LATEST)) {
            byte[] largest = new byte[publisher.maxMessageLength()];
            Collected got = new Collected();
            for (int i = 0; i < 100; i++) {
                assertTrue(publisher.offer(largest, 0, largest.length, 1 + i), "lap " + i);
                assertEquals(1, subscriber.poll(got, 10));
            }
            assertEquals(100, got.messages.get(99).type());
        }
        try (WorkQueueRing ring = WorkQueueRing.create(files.next("min-workqueue"),
                WorkQueueRingOptions.defaults().capacity(RingGeometry.MIN_CAPACITY))) {
            assertEquals(0, ring.options().maxMessageLength(), "an eighth of it holds a work-queue record header");
        }
    }
}
