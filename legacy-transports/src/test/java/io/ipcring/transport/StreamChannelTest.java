package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamChannelTest {
    @Test
    void framesGoOutOnOneStreamAndComeInOnTheOther() throws InterruptedException {
        int[] pipe = NativeIo.pipe();
        try (StreamChannel out = new StreamChannel("test:out", null, FdStream.nonBlocking(pipe[1], "w"), StreamOptions.defaults());
             StreamChannel in = new StreamChannel("test:in", FdStream.nonBlocking(pipe[0], "r"), null, StreamOptions.defaults())) {
            assertTrue(out.offer(new byte[] {1, 2, 3}, 0, 3, 6));
            byte[][] got = new byte[1][];
            assertEquals(1, in.poll((type, buffer, offset, length) -> {
                assertEquals(6, type);
                got[0] = new byte[length];
                buffer.get(offset, got[0]);
            }, 10, 5, TimeUnit.SECONDS));
            assertArrayEquals(new byte[] {1, 2, 3}, got[0]);
            assertEquals(0, in.poll((t, b, o, l) -> { }, 10, 20, TimeUnit.MILLISECONDS), "the timeout expires");
        }
    }

    @Test
    void aTimedPollWaitsBeforeItReadsAndNotAtAllForABufferedFrame() throws InterruptedException {
        MemoryStream in = new MemoryStream().feed(FrameDecoderTest.concat(Frames.frame(1, new byte[2]), Frames.frame(2, new byte[3])));
        try (StreamChannel channel = new StreamChannel("test:memory", in, null, StreamOptions.defaults())) {
            List<Integer> types = new ArrayList<>();
            MessageHandler collect = (type, buffer, offset, length) -> types.add(type);
            assertEquals(1, channel.poll(collect, 1, 5, TimeUnit.SECONDS));
            assertEquals(1, in.awaitReadableCalls(), "waited once, then read");
            assertEquals(1, in.readCalls(), "one read, none before the wait");
            assertEquals(1, channel.poll(collect, 1, 5, TimeUnit.SECONDS));
            assertEquals(1, in.awaitReadableCalls(), "the second frame was already buffered");
            assertEquals(1, in.readCalls());
            assertEquals(List.of(1, 2), types);
        }
    }

    @Test
    void aTimedPollReceivesAFrameSentWhileItWaits() throws Exception {
        int[] pipe = NativeIo.pipe();
        try (StreamChannel out = new StreamChannel("test:out", null, FdStream.nonBlocking(pipe[1], "w"), StreamOptions.defaults());
             StreamChannel in = new StreamChannel("test:in", FdStream.nonBlocking(pipe[0], "r"), null, StreamOptions.defaults())) {
            Thread sender = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    out.offer(new byte[] {9}, 0, 1, 3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            int[] got = new int[1];
            assertEquals(1, in.poll((type, buffer, offset, length) -> got[0] = type, 10, 10, TimeUnit.SECONDS));
            assertEquals(3, got[0]);
            sender.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void aMissingDirectionIsUnsupportedAndReservedTypesAreRefused() {
        int[] pipe = NativeIo.pipe();
        try (StreamChannel out = new StreamChannel("test:out", null, FdStream.nonBlocking(pipe[1], "w"), StreamOptions.defaults());
             StreamChannel in = new StreamChannel("test:in", FdStream.nonBlocking(pipe[0], "r"), null, StreamOptions.defaults())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> out.poll((t, b, o, l) -> { }, 1));
            assertTrue(e.getMessage().contains("test:out was opened for sending only"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> in.offer(new byte[1], 0, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> out.offer(new byte[1], 0, 1, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new StreamChannel("x", null, null, StreamOptions.defaults()));
    }

    @Test
    void aClosedChannelRefusesUse() {
        int[] pipe = NativeIo.pipe();
        StreamChannel both = new StreamChannel("test:both", FdStream.nonBlocking(pipe[0], "r"), FdStream.nonBlocking(pipe[1], "w"),
                StreamOptions.defaults());
        both.close();
        both.close();
        assertThrows(ChannelClosedException.class, () -> both.offer(ByteBuffer.allocate(1), 0, 1, 1));
        assertThrows(ChannelClosedException.class, () -> both.poll((t, b, o, l) -> { }, 1));
    }
}
