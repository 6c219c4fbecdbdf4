package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RingQueue.open(path, 5, 64, StringCodec.INSTANCE));
            assertTrue(e.getMessage().contains(path + ": the file holds a queue of capacity=4 maxElementLength=64")
                    && e.getMessage().contains("opened with capacity=5 maxElementLength=64"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> RingQueue.open(path, 4, 63, StringCodec.INSTANCE));
            assertThrows(IllegalArgumentException.class, () -> RingQueue.open(paths.next("rqt"), 0, 64, StringCodec.INSTANCE));
        }
    }

    @Test
    void anElementTheCodecCannotDecodeIsTakenAndReportedWithItsBytes() {
        Path path = paths.next("rqt");
        try (RingQueue<String> queue = RingQueue.open(path, 8, 64, new PoisonCodec())) {
            queue.add("a");
            queue.add("poison");
            queue.add("null");
            queue.add("b");
            assertEquals("a", queue.poll());
            UndecodableElementException e = assertThrows(UndecodableElementException.class, queue::poll);
            assertArrayEquals("poison".getBytes(StandardCharsets.UTF_8), e.bytes());
            assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
            assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
            UndecodableElementException nullDecoded = assertThrows(UndecodableElementException.class, queue::poll);
            assertArrayEquals("null".getBytes(StandardCharsets.UTF_8), nullDecoded.bytes());
            assertEquals("b", queue.poll(), "the queue goes on after the elements the codec failed on");
            assertEquals(0, queue.size());
        }
    }

    @Test
    void peekSnapshotsDrainToAndClearGetPastAnUndecodableElement() throws Exception {
        try (RingQueue<String> queue = RingQueue.open(paths.next("rqt"), 8, 64, new PoisonCodec())) {
            queue.add("poison");
            queue.add("c");
            queue.add("d");
            assertThrows(UndecodableElementException.class, queue::peek);
            assertEquals(3, queue.size(), "peek leaves the element in the queue");
            assertEquals("[c, d]", queue.toString(), "snapshots leave it out");
            assertArrayEquals(new Object[] {"c", "d"}, queue.toArray());
            List<String> into = new ArrayList<>();
            assertThrows(UndecodableElementException.class, () -> queue.drainTo(into));
            assertEquals(List.of(), into);
            assertEquals(2, queue.drainTo(into));
            assertEquals(List.of("c", "d"), into);
            queue.add("poison");
            queue.add("e");
            queue.clear();
            assertTrue(queue.isEmpty(), "clear removes what the codec cannot decode too");
            assertNull(queue.poll(10, TimeUnit.MILLISECONDS));
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
        assertTrue(queue.describe().endsWith("closed]"), queue.describe());
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

    @Test
    void aCodecWritingBeforeItsOffsetSpoilsNothingButItsOwnOffer() {
        Path path = paths.next("rqt");
        try (RingQueue<String> queue = RingQueue.open(path, 8, 64, StringCodec.INSTANCE)) {
            queue.add("first");
            try (RingQueue<String> careless = RingQueue.open(path, 8, 64, new CarelessCodec(Mistake.WRITE_BEFORE_OFFSET))) {
                assertThrows(IndexOutOfBoundsException.class, () -> careless.offer("careless"));
            }
            assertEquals("first", queue.poll());
            assertNull(queue.poll(), "the failed encode published nothing");
        }
    }

    @Test
    void aCodecZeroingIndexZeroTouchesOnlyItsElement() {
        Path path = paths.next("rqt");
        try (RingQueue<String> queue = RingQueue.open(path, 8, 64, StringCodec.INSTANCE)) {
            queue.add("first");
            try (RingQueue<String> careless = RingQueue.open(path, 8, 64, new CarelessCodec(Mistake.ZERO_INDEX_ZERO))) {
                assertTrue(careless.offer("abcdefgh"));
            }
            try (RingQueue<String> again = RingQueue.open(path, 8, 64, StringCodec.INSTANCE)) {
                assertEquals("first", again.poll(), "the file's header and the earlier element are intact");
                assertEquals("\0\0\0\0\0\0\0\0", again.poll());
            }
        }
    }

    @Test
    void aCodecWritingLessThanItAnnouncedPublishesZerosNotOldBytes() {
        Path path = paths.next("rqt");
        byte[] secret = "SECRET-1287-XYZ.".getBytes(StandardCharsets.US_ASCII);
        try (RingQueue<byte[]> queue = RingQueue.open(path, 4, 16, ByteArrayCodec.INSTANCE);
             RingQueue<String> careless = RingQueue.open(path, 4, 16, new CarelessCodec(Mistake.SHORT_WRITE))) {
            for (int i = 0; i < 64; i++) {
                for (int j = 0; j < 2; j++) {
                    assertTrue(queue.offer(secret));
                    assertArrayEquals(secret, queue.poll());
                }
                assertTrue(careless.offer("0123456789abcdef"));
                assertArrayEquals(Arrays.copyOf("0123".getBytes(StandardCharsets.US_ASCII), 16), queue.poll(),
                        "round " + i + ": the bytes the codec did not write are zeros");
            }
        }
    }

    @Test
    void whatACodecKeepsNeverPointsIntoTheRing() {
        Path path = paths.next("rqt");
        KeepingCodec keeping = new KeepingCodec();
        ByteBuffer decoded;
        try (RingQueue<ByteBuffer> queue = RingQueue.open(path, 4, 16, keeping)) {
            assertTrue(queue.offer(ByteBuffer.wrap("abcd".getBytes(StandardCharsets.US_ASCII))));
            assertFalse(keeping.kept.isDirect(), "encode gets a heap buffer");
            keeping.kept.put(0, (byte) 'X');
            decoded = queue.poll();
            assertFalse(decoded.isDirect(), "decode gets a heap buffer");
            assertEquals(4, decoded.remaining());
            assertTrue(queue.offer(ByteBuffer.wrap("efgh".getBytes(StandardCharsets.US_ASCII))));
            assertEquals('e', queue.poll().get(0));
        }
        assertEquals('a', decoded.get(0), "the kept view still holds its element after close, and only it");
    }

    @Test
    void anEncodeThatThrowsPublishesNothing() {
        try (RingQueue<String> queue = RingQueue.open(paths.next("rqt"), 4, 16, new CarelessCodec(Mistake.THROW))) {
            assertThrows(IllegalStateException.class, () -> queue.offer("x"));
            assertEquals(0, queue.size());
            assertEquals(4, queue.remainingCapacity());
            assertEquals(0, queue.stats().messages());
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

    /** Decodes "poison" by throwing and "null" to null; otherwise like {@link StringCodec}. */
    private static final class PoisonCodec implements ElementCodec<String> {
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
            String s = StringCodec.INSTANCE.decode(buffer, offset, length);
            if (s.equals("poison")) {
                throw new IllegalArgumentException("cannot decode " + s);
            }
            return s.equals("null") ? null : s;
        }
    }

    /** The misuses of a careless codec. */
    private enum Mistake { WRITE_BEFORE_OFFSET, ZERO_INDEX_ZERO, SHORT_WRITE, THROW }

    /** Encodes ASCII strings, making one mistake; decodes like {@link StringCodec}. */
    private static final class CarelessCodec implements ElementCodec<String> {
        private final Mistake mistake;

        CarelessCodec(Mistake mistake) {
            this.mistake = mistake;
        }

        @Override
        public int encodedLength(String element) {
            return element.length();
        }

        @Override
        public void encode(String element, ByteBuffer buffer, int offset) {
            byte[] bytes = element.getBytes(StandardCharsets.US_ASCII);
            switch (mistake) {
                case WRITE_BEFORE_OFFSET:
                    buffer.put(offset - 1, (byte) 'Z');
                    buffer.put(offset, bytes);
                    break;
                case ZERO_INDEX_ZERO:
                    buffer.put(offset, bytes);
                    buffer.putLong(0, 0);
                    break;
                case SHORT_WRITE:
                    buffer.put(offset, bytes, 0, 4);
                    break;
                default:
                    throw new IllegalStateException("refusing " + element);
            }
        }

        @Override
        public String decode(ByteBuffer buffer, int offset, int length) {
            return StringCodec.INSTANCE.decode(buffer, offset, length);
        }
    }

    /** Keeps the buffer it encodes into, and decodes to a view of the buffer it is given. */
    private static final class KeepingCodec implements ElementCodec<ByteBuffer> {
        volatile ByteBuffer kept;

        @Override
        public int encodedLength(ByteBuffer element) {
            return element.remaining();
        }

        @Override
        public void encode(ByteBuffer element, ByteBuffer buffer, int offset) {
            buffer.put(offset, element, element.position(), element.remaining());
            kept = buffer;
        }

        @Override
        public ByteBuffer decode(ByteBuffer buffer, int offset, int length) {
            return buffer.slice(offset, length);
        }
    }
}
