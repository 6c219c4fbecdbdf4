package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What RingQueue adds beyond the BlockingQueue contract (see {@link RingQueueContractTest}) that no
 * part of it owns alone: byte-array elements up to the largest, order across handles, many handles on one file.
 */
class RingQueueTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void byteArraysAndTheLargestElementRoundTrip() {
        try (RingQueue<byte[]> queue = RingQueue.open(paths.next("rqt").toString(), 2, 100, ByteArrayCodec.INSTANCE)) {
            byte[] largest = new byte[100];
            largest[99] = 42;
            assertTrue(queue.offer(largest));
            assertTrue(queue.offer(new byte[0]));
            assertArrayEquals(largest, queue.poll());
            assertEquals(0, queue.poll().length);
            assertThrows(IllegalArgumentException.class, () -> queue.offer(new byte[101]));
            assertThrows(IllegalArgumentException.class, () -> queue.put(new byte[101]));
            assertEquals(2, queue.stats().messages());
        }
    }

    @Test
    void elementsPutByOneProcessHandleAreTakenInOrderByAnother() throws Exception {
        Path path = paths.next("rqt");
        try (RingQueue<String> producer = RingQueue.open(path, 100, 32, StringCodec.INSTANCE);
             RingQueue<String> consumer = RingQueue.open(path, 100, 32, StringCodec.INSTANCE)) {
            Thread putter = new Thread(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        producer.put("element-" + i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            putter.start();
            for (int i = 0; i < 10_000; i++) {
                assertEquals("element-" + i, consumer.poll(20, TimeUnit.SECONDS));
            }
            putter.join(20_000);
            assertTrue(consumer.isEmpty());
        }
    }

    @Test
    void seventeenAndMoreHandlesPutAndTakeOnOneFile() {
        Path path = paths.next("rqt");
        List<RingQueue<String>> handles = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                RingQueue<String> handle = RingQueue.open(path, 64, 16, StringCodec.INSTANCE);
                handles.add(handle);
                assertTrue(handle.offer("h" + i), "handle " + i);
                assertEquals("h" + i, handle.poll(), "handle " + i);
            }
            assertEquals(RingQueue.DEFAULT_MAX_HANDLES, handles.get(0).maxHandles());
        } finally {
            handles.forEach(RingQueue::close);
        }
    }
}
