package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** "No free slot for this endpoint" is the same exception in every ring family, naming the file. */
class RingSlotsTakenExceptionTest {
    private final TestPaths files = new TestPaths();

    @AfterEach
    void deleteFiles() {
        files.close();
    }

    @Test
    void aSecondSpscConsumerOrProducer() {
        Path path = files.next("taken-spsc");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(4096));
             RingConsumer consumer = ring.consumer();
             RingProducer producer = ring.producer()) {
            assertTaken(path, ring::consumer);
            assertTaken(path, ring::producer);
        }
    }

    @Test
    void everyMpscProducerSlot() {
        Path path = files.next("taken-mpsc");
        try (MpscRing ring = MpscRing.create(path, UnicastRingOptions.defaults().capacity(4096).producerSlots(1));
             RingProducer producer = ring.producer()) {
            assertTaken(path, ring::producer);
        }
    }

    @Test
    void everyBroadcastProducerAndSubscriberSlotAndAnAttachedName() {
        Path path = files.next("taken-broadcast");
        try (BroadcastRing ring = BroadcastRing.create(path,
                BroadcastRingOptions.defaults().capacity(1024).producerSlots(1).subscriberSlots(1));
             Publisher publisher = ring.publisher();
             Subscriber subscriber = ring.subscribe("s", BroadcastRing.StartPosition.LATEST)) {
            assertTaken(path, ring::publisher);
            assertTaken(path, () -> ring.subscribe("s", BroadcastRing.StartPosition.LATEST));
            assertTaken(path, () -> ring.subscribe("t", BroadcastRing.StartPosition.LATEST));
        }
    }

    @Test
    void everyWorkQueueProducerAndConsumerSlot() {
        Path path = files.next("taken-workqueue");
        try (WorkQueueRing ring = WorkQueueRing.create(path,
                WorkQueueRingOptions.defaults().capacity(1024).producerSlots(1).consumerSlots(1));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            assertTaken(path, ring::publisher);
            assertTaken(path, ring::consumer);
        }
    }

    private static void assertTaken(Path path, Executable attach) {
        RingSlotsTakenException e = assertThrows(RingSlotsTakenException.class, attach);
        assertTrue(e.getMessage().startsWith(path.toString() + ": "), e.getMessage());
    }
}
