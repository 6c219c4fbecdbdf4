package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RingQueueShape}: the values a {@link RingQueue} is opened with, checked, stored in its file and named in its messages. */
class RingQueueShapeTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void everyProcessMustOpenTheSameShape() {
        Path path = paths.next("rqt");
        try (RingQueue<String> queue = RingQueue.open(path, 4, 64, StringCodec.INSTANCE)) {
            assertEquals(path, queue.path());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RingQueue.open(path, 5, 64, StringCodec.INSTANCE));
            assertTrue(e.getMessage().contains(path + ": the file holds a queue of capacity=4 maxElementLength=64")
                    && e.getMessage().contains("opened with capacity=5 maxElementLength=64"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> RingQueue.open(path, 4, 63, StringCodec.INSTANCE));
            assertThrows(IllegalArgumentException.class, () -> RingQueue.open(paths.next("rqt"), 0, 64, StringCodec.INSTANCE));
        }
    }

    @Test
    void aCapacityNoRingHoldsIsRefusedWithTheLargestThatFits() {
        Path path = paths.next("rqt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RingQueue.open(path, Integer.MAX_VALUE, 16, StringCodec.INSTANCE));
        int largest = WorkQueueRingOptions.maxMessagesFor(16);
        assertTrue(e.getMessage().contains("capacity=" + Integer.MAX_VALUE + " must be in [1, " + largest + "]"),
                e.getMessage());
        assertFalse(Files.exists(path), "nothing was created");
        assertThrows(IllegalArgumentException.class, () -> RingQueue.open(path, 4, RingQueue.MAX_ELEMENT_LENGTH + 1,
                StringCodec.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> RingQueue.open(path, 4, -1, StringCodec.INSTANCE));
    }

    @Test
    void theHandleLimitIsAnOptionStoredInTheFileAndNamedWhenReached() {
        Path path = paths.next("rqt");
        try (RingQueue<String> first = RingQueue.open(path, 4, 16, 2, StringCodec.INSTANCE);
             RingQueue<String> second = RingQueue.open(path, 4, 16, StringCodec.INSTANCE);
             RingQueue<String> third = RingQueue.open(path, 4, 16, 9, StringCodec.INSTANCE)) {
            assertEquals(2, third.maxHandles(), "an existing file keeps its handle count");
            first.add("a");
            second.add("b");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> third.add("c"));
            assertTrue(e.getMessage().contains("maxHandles=2") && e.getMessage().contains(path.toString())
                    && e.getMessage().contains("RingQueue.open(path, capacity, maxElementLength, maxHandles, codec)"),
                    e.getMessage());
            assertTrue(third.describe().contains("maxHandles=2"), third.describe());
        }
        assertThrows(IllegalArgumentException.class, () -> RingQueue.open(paths.next("rqt"), 4, 16, 0, StringCodec.INSTANCE));
        assertThrows(IllegalArgumentException.class,
                () -> RingQueue.open(paths.next("rqt"), 4, 16, RingQueue.MAX_HANDLES + 1, StringCodec.INSTANCE));
    }
}
