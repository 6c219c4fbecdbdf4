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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ElementDecoder}: what a codec decodes is a private copy, and the reads that do not take get past an element it cannot decode. */
class ElementDecoderTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
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
