package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ElementEncoder}: what a codec that misbehaves while encoding can spoil (its own element only). */
class ElementEncoderTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
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
    void anEncodeThatThrowsPublishesNothing() {
        try (RingQueue<String> queue = RingQueue.open(paths.next("rqt"), 4, 16, new CarelessCodec(Mistake.THROW))) {
            assertThrows(IllegalStateException.class, () -> queue.offer("x"));
            assertEquals(0, queue.size());
            assertEquals(4, queue.remainingCapacity());
            assertEquals(0, queue.stats().messages());
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
}
