package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.sync.DeadProcess;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueConsumerTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    private static int slot(WorkQueueRing ring, int index) {
        return WorkQueueRingDescriptor.consumerSlotTableOffset(ring.options().producerSlots())
                + index * WorkQueueRingDescriptor.CONSUMER_SLOT_LENGTH;
    }

    @Test
    void takingOverADeadConsumersSlotStartsANewGenerationSoItsClaimsAreAdopted() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wqc"), WorkQueueRingOptions.defaults().capacity(1024).consumerSlots(1));
             Publisher publisher = ring.publisher()) {
            publisher.offer(new byte[] {5}, 0, 1, 1);
            int slot = slot(ring, 0);
            // slot 0 held by a dead process, generation 3, which claimed the message
            ring.memory().putLongVolatile(slot + WorkQueueRingDescriptor.CONSUMER_OWNER_OFFSET, DeadProcess.packed());
            ring.memory().putLongVolatile(slot + WorkQueueRingDescriptor.CONSUMER_GENERATION_OFFSET, 3);
            ring.memory().putLongVolatile(ring.dataOffset() + WorkQueueRingDescriptor.STATE_OFFSET, WorkQueueRingDescriptor.claimed(0, 3));
            ring.memory().putLongVolatile(WorkQueueRingDescriptor.DISPATCH_OFFSET, 64);
            try (Subscriber consumer = ring.consumer()) {
                assertEquals(4, ring.memory().getLongVolatile(slot + WorkQueueRingDescriptor.CONSUMER_GENERATION_OFFSET));
                Collector c = new Collector();
                assertEquals(1, consumer.poll(c, 10), "its own slot's older generation is an orphan");
                assertEquals(5, c.payloads.get(0)[0]);
                assertEquals(1, ring.stats().redeliveries());
            }
            assertEquals(0, ring.memory().getLongVolatile(slot + WorkQueueRingDescriptor.CONSUMER_OWNER_OFFSET), "freed on close");
        }
    }

    @Test
    void aConsumerWhoseSlotWasOverwrittenStops() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wqc"), WorkQueueRingOptions.defaults().capacity(1024));
             Subscriber consumer = ring.consumer()) {
            ring.memory().putLongVolatile(slot(ring, 0) + WorkQueueRingDescriptor.CONSUMER_OWNER_OFFSET, 12345);
            assertThrows(RingCorruptedException.class, () -> consumer.poll(new Collector(), 1));
            assertThrows(ChannelClosedException.class, () -> consumer.poll(new Collector(), 1));
            assertThrows(IllegalArgumentException.class, () -> ring.consumer().poll(new Collector(), 0));
        }
    }

    @Test
    void aConsumerOpenedByPathClosesItsRing() throws Exception {
        Path path = paths.next("wqc");
        try (Subscriber consumer = WorkQueueRing.openConsumer(path, WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = WorkQueueRing.openPublisher(path, WorkQueueRingOptions.defaults().capacity(1024))) {
            publisher.offer(new byte[3], 0, 3, 9);
            Collector c = new Collector();
            assertEquals(1, consumer.poll(c, 1, 1, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(9, c.types.get(0));
            assertTrue(consumer.uri().endsWith("?kind=workqueue"));
        }
    }
}
