package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.Collected;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.fanout.BroadcastInspector;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.WorkQueueInspector;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RingInspectorTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void readsPositionsOwnersAndStatsWithoutAttaching() {
        Path path = paths.next("inspect");
        try (MpscRing ring = MpscRing.create(path, UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64).producerSlots(4))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            for (int i = 0; i < 3; i++) {
                producer.offer(new byte[8], 0, 8, 1);
            }
            consumer.poll(new Collected(), 1);
            RingInspector.RingInfo info = RingInspector.inspect(path);
            assertEquals("mpsc", info.kind());
            assertEquals(4096, info.capacity());
            assertEquals(64, info.maxMessageLength());
            assertEquals(4, info.producerSlots());
            assertEquals(ProcessHandle.current().pid(), info.creatorPid());
            assertEquals(16, info.head());
            assertEquals(48, info.producerPosition());
            assertEquals(32, info.fill());
            assertEquals(ProcessHandle.current().pid(), info.consumerPid());
            assertEquals(List.of(ProcessHandle.current().pid()), info.producerPids());
            assertEquals(0, info.stats().messages(), "stored every " + MpscConsumer.STATS_BATCHES
                    + " batches and when a poll finds nothing");
            assertFalse(info.consumerWaiting());
            assertEquals(2, consumer.poll(new Collected(), 10));
            assertEquals(0, consumer.poll(new Collected(), 10));
            RingInspector.RingInfo idle = RingInspector.inspect(path);
            assertEquals(3, idle.stats().messages());
            assertEquals(24, idle.stats().bytes());
        }
    }

    @Test
    void rejectsARingWithABrokenHeader() throws Exception {
        Path path = paths.next("broken");
        SpscRing.create(path, UnicastRingOptions.defaults().capacity(4096)).close();
        assertEquals("spsc", RingInspector.inspect(path).kind());
        FileBytes.patchInt(path, RingDescriptor.CAPACITY_OFFSET, 12345);
        assertThrows(RingCorruptedException.class, () -> RingInspector.inspect(path));
    }
}
