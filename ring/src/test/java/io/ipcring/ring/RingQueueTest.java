package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What RingQueue adds beyond the BlockingQueue contract (see {@link RingQueueContractTest}). */
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
    void everyProcessMustOpenTheSameShape() {
        Path path = paths.next("rqt");
        try (RingQueue<String> queue = RingQueue.open(path, 4, 64, StringCodec.INSTANCE)) {
            assertEquals(path, queue.path());
            assertThrows(IllegalArgumentException.class, () -> RingQueue.open(path, 5, 64, StringCodec.INSTANCE));
            assertThrows(IllegalArgumentException.class, () -> RingQueue.open(path, 4, 63, StringCodec.INSTANCE));
            assertThrows(IllegalArgumentException.class, () -> RingQueue.open(paths.next("rqt"), 0, 64, StringCodec.INSTANCE));
        }
    }

    @Test
    void anElementTheCodecCannotDecodeStaysInTheQueue() {
        Codec<String> failing = new Codec<>() {
            @Override
            public int encodedLength(String element) {
                return StringCodec.INSTANCE.encodedLength(element);
            }

            @Override
            public void encode(String element, ByteBuffer buffer, int offset) {
                StringCodec.INSTANCE.encode(element, buffer, offset);
            }

            @Override
            public String decode(ByteBuffer buffer, int offset, int length) {
                return length == 3 ? null : StringCodec.INSTANCE.decode(buffer, offset, length);
            }
        };
        Path path = paths.next("rqt");
        try (RingQueue<String> queue = RingQueue.open(path, 4, 64, failing);
             RingQueue<String> plain = RingQueue.open(path, 4, 64, StringCodec.INSTANCE)) {
            queue.add("bad");
            IllegalStateException e = assertThrows(IllegalStateException.class, queue::poll);
            assertTrue(e.getMessage().contains("decoded 3 bytes to null"), e.getMessage());
            assertEquals(1, queue.size());
            assertEquals("bad", plain.poll());
            assertEquals(1, queue.stats().handlerFailures());
        }
    }

    @Test
    void closeEndsBlockedCallsAndLaterCallsFail() throws Exception {
        RingQueue<String> queue = RingQueue.open(paths.next("rqt"), 2, 16, StringCodec.INSTANCE);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread taker = new Thread(() -> {
            try {
                queue.take();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        taker.start();
        Thread.sleep(50);
        queue.close();
        taker.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(taker.isAlive());
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertThrows(IllegalStateException.class, () -> queue.offer("x"));
        assertThrows(IllegalStateException.class, queue::size);
        assertTrue(queue.toString().endsWith("closed"), queue.toString());
        queue.close();
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
}
