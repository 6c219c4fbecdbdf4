package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameDecoderTest {
    private final List<byte[]> payloads = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final MessageHandler collect = (type, buffer, offset, length) -> {
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        payloads.add(copy);
        types.add(type);
    };

    @Test
    void deliversFramesSplitAtEveryByte() {
        byte[] a = Frames.frame(7, "hello".getBytes());
        byte[] b = Frames.frame(9, new byte[0]);
        byte[] c = Frames.frame(1, "world!".getBytes());
        byte[] all = concat(a, b, c);
        MemoryStream in = new MemoryStream();
        for (byte x : all) {
            in.feed(new byte[] {x});
        }
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        int total = 0;
        for (int i = 0; i < all.length * 2 && total < 3; i++) {
            total += decoder.poll(collect, 10);
        }
        assertEquals(3, total);
        assertEquals(List.of(7, 9, 1), types);
        assertArrayEquals("hello".getBytes(), payloads.get(0));
        assertArrayEquals(new byte[0], payloads.get(1));
        assertArrayEquals("world!".getBytes(), payloads.get(2));
    }

    @Test
    void respectsTheLimitAndKeepsTheRest() {
        MemoryStream in = new MemoryStream().feed(concat(Frames.frame(1, new byte[3]), Frames.frame(2, new byte[3]),
                Frames.frame(3, new byte[3])));
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        assertEquals(2, decoder.poll(collect, 2));
        assertEquals(1, decoder.poll(collect, 2));
        assertEquals(0, decoder.poll(collect, 2));
        assertEquals(List.of(1, 2, 3), types);
    }

    @Test
    void growsOnlyForValidatedFramesAndOnlyUpToTheMaximum() {
        int max = 200_000;
        SplittableRandom random = new SplittableRandom(1);
        byte[] big = new byte[max];
        random.nextBytes(big);
        MemoryStream in = new MemoryStream().feed(Frames.frame(5, big));
        FrameDecoder decoder = FrameDecoder.of(in, max);
        assertEquals(FrameDecoder.INITIAL_CAPACITY, decoder.bufferCapacity());
        int n = 0;
        for (int i = 0; i < 10 && n == 0; i++) {
            n = decoder.poll(collect, 1);
        }
        assertEquals(1, n);
        assertArrayEquals(big, payloads.get(0));
        assertEquals(MessageFrame.HEADER_LENGTH + max, decoder.bufferCapacity());
    }

    @Test
    void anEmptyStreamDeliversNothingAndDoesNotFail() {
        FrameDecoder decoder = FrameDecoder.of(new MemoryStream(), 100);
        assertEquals(0, decoder.poll(collect, 1));
        assertEquals(0, decoder.poll(collect, 1));
    }

    @Test
    void endOfStreamBetweenFramesIsClosedAfterTheFramesBefore() {
        MemoryStream in = new MemoryStream().feed(Frames.frame(4, new byte[2])).end();
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        assertEquals(1, decoder.poll(collect, 10));
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> decoder.poll(collect, 10));
        assertTrue(e.getMessage().contains("end of stream"), e.getMessage());
        assertThrows(ChannelClosedException.class, () -> decoder.poll(collect, 10));
    }

    @ParameterizedTest
    @EnumSource(Frames.Hostile.class)
    void hostileFramesAreMalformedAfterTheGoodOnesAndAllocateNothing(Frames.Hostile hostile) {
        MemoryStream in = new MemoryStream().feed(Frames.frame(3, new byte[5])).feed(hostile.bytes());
        if (hostile.truncated()) {
            in.end();
        }
        FrameDecoder decoder = FrameDecoder.of(in, StreamOptions.DEFAULT_MAX_MESSAGE);
        assertEquals(1, decoder.poll(collect, 10));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decoder.poll(collect, 10));
        assertTrue(e.getMessage().contains(hostile.expectedError()), e.getMessage());
        assertTrue(e.getMessage().startsWith("memory: "), e.getMessage());
        assertEquals(FrameDecoder.INITIAL_CAPACITY, decoder.bufferCapacity(), "the claimed size was never allocated");
        ChannelClosedException later = assertThrows(ChannelClosedException.class, () -> decoder.poll(collect, 10));
        assertTrue(later.getMessage().contains(hostile.expectedError()), later.getMessage());
    }

    @Test
    void aHandlerExceptionPropagatesWithoutFailingTheStream() {
        MemoryStream in = new MemoryStream().feed(concat(Frames.frame(1, new byte[1]), Frames.frame(2, new byte[1])));
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        assertThrows(ChannelException.class, () -> decoder.poll((t, b, o, l) -> {
            throw new ChannelException("handler says no");
        }, 10));
        assertEquals(1, decoder.poll(collect, 10));
        assertEquals(List.of(2), types);
    }

    @Test
    void wholeFrameModeReportsAFrameLeftIncompleteWhenTheStreamIsEmpty() {
        MemoryStream in = new MemoryStream().feed(Arrays.copyOf(Frames.frame(1, new byte[20]), 15));
        FrameDecoder decoder = FrameDecoder.wholeFrames(in, 100);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decoder.poll(collect, 1));
        assertTrue(e.getMessage().contains("truncated frame: the stream is empty after 15 of 28 bytes"), e.getMessage());
        in.feed(Frames.frame(6, new byte[2]));
        decoder.discardAvailable();
        in.feed(Frames.frame(8, new byte[3]));
        assertEquals(1, decoder.poll(collect, 1));
        assertEquals(List.of(8), types);
    }

    @Test
    void wholeFrameModeDeliversOnlyTheControlTypesItWasGiven() {
        MemoryStream in = new MemoryStream().feed(concat(Frames.frame(-7, new byte[1]), Frames.frame(-8, new byte[1])));
        FrameDecoder decoder = FrameDecoder.wholeFrames(in, 100, -7);
        assertEquals(1, decoder.poll(collect, 1));
        assertEquals(List.of(-7), types);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decoder.poll(collect, 1));
        assertTrue(e.getMessage().contains("frame type -8 is reserved"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrameDecoder.wholeFrames(in, 100, 3));
    }

    @Test
    void aFrameArrivesWithOneReadNotHeaderThenPayload() {
        MemoryStream in = new MemoryStream().feed(Frames.frame(5, "payload".getBytes()));
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        assertEquals(1, decoder.poll(collect, 10));
        assertEquals(1, in.readCalls(), "one read took header and payload, and found the stream empty");
        assertArrayEquals("payload".getBytes(), payloads.get(0));
    }

    @Test
    void severalFramesInOneReadAreDeliveredWithoutAnotherRead() {
        MemoryStream in = new MemoryStream().feed(concat(Frames.frame(1, new byte[3]), Frames.frame(2, new byte[0]),
                Frames.frame(3, new byte[9])));
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        assertEquals(3, decoder.poll(collect, 10));
        assertEquals(1, in.readCalls());
        assertEquals(List.of(1, 2, 3), types);
    }

    @Test
    void aFrameSplitAcrossReadsIsReadOnUntilItIsWhole() {
        byte[] frame = Frames.frame(4, "split".getBytes());
        MemoryStream in = new MemoryStream().feed(Arrays.copyOf(frame, 3)).feed(Arrays.copyOfRange(frame, 3, 10))
                .feed(Arrays.copyOfRange(frame, 10, frame.length));
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        assertEquals(1, decoder.poll(collect, 10));
        assertEquals(3, in.readCalls(), "a poll that has delivered nothing reads on");
        assertArrayEquals("split".getBytes(), payloads.get(0));
    }

    @Test
    void hasBufferedFrameTellsWhetherAPollCanAnswerWithoutReading() {
        byte[] a = Frames.frame(1, new byte[4]);
        byte[] b = Frames.frame(2, new byte[4]);
        MemoryStream in = new MemoryStream().feed(Arrays.copyOf(a, 6));
        FrameDecoder decoder = FrameDecoder.of(in, 100);
        assertFalse(decoder.hasBufferedFrame(), "nothing read yet");
        assertEquals(0, decoder.poll(collect, 1));
        assertFalse(decoder.hasBufferedFrame(), "half a header");
        in.feed(concat(Arrays.copyOfRange(a, 6, a.length), b));
        assertEquals(1, decoder.poll(collect, 1));
        assertTrue(decoder.hasBufferedFrame(), "the second frame came with the first");
        int reads = in.readCalls();
        assertEquals(1, decoder.poll(collect, 1));
        assertEquals(reads, in.readCalls(), "delivered from the buffer");
        assertFalse(decoder.hasBufferedFrame());
        in.feed(Frames.Hostile.NEGATIVE_LENGTH.bytes());
        assertThrows(MalformedFrameException.class, () -> decoder.poll(collect, 1));
        assertTrue(decoder.hasBufferedFrame(), "a failed decoder answers at once, with its error");
    }

    @Test
    void mayHaveMoreIsFalseOnceAReadFoundTheStreamEmpty() {
        MemoryStream in = new MemoryStream().feed(concat(Frames.frame(1, new byte[8]), Frames.frame(2, new byte[8]),
                Frames.frame(3, new byte[8])));
        FrameDecoder decoder = FrameDecoder.of(in, 8);
        assertEquals(MessageFrame.HEADER_LENGTH + 8, decoder.bufferCapacity());
        assertEquals(1, decoder.poll(collect, 1));
        assertTrue(decoder.mayHaveMore(), "the read filled the buffer: more may be waiting");
        assertEquals(2, decoder.poll(collect, 5));
        assertFalse(decoder.mayHaveMore(), "the last read came back short");
        FrameDecoder pingPong = FrameDecoder.of(new MemoryStream().feed(Frames.frame(7, new byte[32])), 100);
        assertEquals(1, pingPong.poll(collect, 1));
        assertFalse(pingPong.mayHaveMore());
    }

    @Test
    void wholeFrameModeReportsATruncatedFrameThatCameInTheSameReadAsGoodOnes() {
        MemoryStream in = new MemoryStream().feed(concat(Frames.frame(1, new byte[2]),
                Arrays.copyOf(Frames.frame(2, new byte[20]), 12)));
        FrameDecoder decoder = FrameDecoder.wholeFrames(in, 100);
        assertEquals(1, decoder.poll(collect, 10));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decoder.poll(collect, 10));
        assertTrue(e.getMessage().contains("truncated frame: the stream is empty after 12 of 28 bytes"), e.getMessage());
    }

    @Test
    void rejectsAMaximumAboveTheHardLimit() {
        assertThrows(IllegalArgumentException.class, () -> FrameDecoder.of(new MemoryStream(), StreamOptions.MAX_MESSAGE_LIMIT + 1));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
