package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RingQueueSnapshots}: the counts of a {@link RingQueue} while elements are put, taken and removed from the middle. */
class RingQueueSnapshotsTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void theCapacityIsWhatTheRingHoldsWhateverTheElementLengths() {
        try (RingQueue<byte[]> queue = RingQueue.open(paths.next("rqt"), 100, 16, ByteArrayCodec.INSTANCE)) {
            for (int i = 0; i < 100; i++) {
                assertEquals(100 - i, queue.remainingCapacity());
                assertTrue(queue.offer(new byte[i % 17]), "element " + i);
            }
            assertEquals(0, queue.remainingCapacity());
            assertFalse(queue.offer(new byte[0]));
            assertEquals(100, queue.size());
        }
    }

    @Test
    void anElementRemovedFromTheMiddleLeavesTheSizeAtOnceAndGivesItsRoomBackInOrder() {
        try (RingQueue<String> queue = RingQueue.open(paths.next("rqt"), 3, 16, StringCodec.INSTANCE)) {
            queue.addAll(List.of("e0", "e1", "e2"));
            assertTrue(queue.remove("e1"));
            assertEquals(2, queue.size());
            assertEquals(0, queue.remainingCapacity(), "e1's room comes back when e0 is gone");
            assertFalse(queue.offer("x"));
            assertEquals("e0", queue.poll());
            assertEquals(2, queue.remainingCapacity());
            assertTrue(queue.offer("x"));
            assertEquals(List.of("e2", "x"), new ArrayList<>(queue));
        }
    }
}
