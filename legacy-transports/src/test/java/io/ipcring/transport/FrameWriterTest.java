package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameWriterTest {
    private final MemoryStream out = new MemoryStream();

    @Test
    void aSmallFrameIsOneWriteOfHeaderAndPayload() throws InterruptedException {
        FrameWriter writer = new FrameWriter(out, StreamOptions.defaults());
        ByteBuffer src = ByteBuffer.wrap("xxhelloxx".getBytes());
        assertTrue(writer.offer(src, 2, 5, 42, 0));
        assertArrayEquals(Frames.frame(42, "hello".getBytes()), out.written());
        assertEquals(1, out.writeCalls());
        assertEquals(0, src.position(), "the caller's position is untouched");
        assertEquals(9, src.limit(), "the caller's limit is untouched");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void largePayloadsFromDirectAndHeapBuffersArriveIntact(boolean direct) throws InterruptedException {
        int length = FrameWriter.STAGING_PAYLOAD * 3 + 17;
        byte[] payload = new byte[length];
        new SplittableRandom(3).nextBytes(payload);
        ByteBuffer src = direct ? ByteBuffer.allocateDirect(length + 10) : ByteBuffer.allocate(length + 10);
        src.put(10, payload);
        FrameWriter writer = new FrameWriter(out, StreamOptions.defaults());
        assertTrue(writer.offer(src, 10, length, 3, 0));
        assertTrue(writer.offer(src, 10, length, 4, 0), "the cached view of the same buffer is reused correctly");
        assertArrayEquals(FrameDecoderTest.concat(Frames.frame(3, payload), Frames.frame(4, payload)), out.written());
    }

    @Test
    void noRoomBeforeTheFirstByteReturnsFalseAndWritesNothing() throws InterruptedException {
        out.room(0);
        FrameWriter writer = new FrameWriter(out, StreamOptions.defaults());
        assertFalse(writer.offer(ByteBuffer.allocate(4), 0, 4, 1, 0));
        assertFalse(writer.offer(ByteBuffer.allocate(4), 0, 4, 1, 1_000_000));
        assertEquals(0, out.written().length);
    }

    @Test
    void aFrameStartedButStuckClosesTheStreamAfterTheWriteTimeout() throws InterruptedException {
        out.room(5);
        FrameWriter writer = new FrameWriter(out, new StreamOptions(100, 1));
        ChannelException e = assertThrows(ChannelException.class, () -> writer.offer(ByteBuffer.allocate(20), 0, 20, 1, 0));
        assertTrue(e.getMessage().contains("in the middle of a frame"), e.getMessage());
        assertTrue(out.isClosed());
        assertThrows(ChannelClosedException.class, () -> writer.offer(ByteBuffer.allocate(1), 0, 1, 1, 0));
    }

    @Test
    void rejectsLengthsAboveTheMaximumAndOutsideTheBuffer() {
        FrameWriter writer = new FrameWriter(out, new StreamOptions(10, 1000));
        assertThrows(IllegalArgumentException.class, () -> writer.offer(ByteBuffer.allocate(20), 0, 11, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> writer.offer(ByteBuffer.allocate(20), 0, -1, 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.offer(ByteBuffer.allocate(5), 2, 4, 1, 0));
        assertEquals(0, out.written().length);
    }
}
