package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.channel.MessageFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamOracleTest {
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void wellFormedFramesEndCleanly() {
        byte[] first = FrameBytes.frame(random, 5, 7);
        byte[] second = FrameBytes.frame(random, 0, 1);
        StreamOracle.Expected expected = StreamOracle.decode(concat(first, second), 5);
        assertEquals(List.of(Frame.of(7, first, 8, 5), Frame.of(1, second, 8, 0)), expected.frames());
        assertEquals(StreamOracle.Ending.CLEAN, expected.ending());
        assertEquals(new StreamOracle.Span(7, 8, 5), expected.spans().get(0));
    }

    @Test
    void anEmptyStreamEndsCleanly() {
        StreamOracle.Expected expected = StreamOracle.decode(new byte[0], 10);
        assertEquals(List.of(), expected.spans());
        assertEquals(StreamOracle.Ending.CLEAN, expected.ending());
    }

    @Test
    void framesBeforeAMalformedOneCountAndNothingAfter() {
        byte[] good = FrameBytes.frame(random, 3, 2);
        byte[] truncatedPayload = java.util.Arrays.copyOf(FrameBytes.frame(random, 10, 1), 12);
        byte[] truncatedHeader = new byte[5];
        for (byte[] bad : List.of(header(11, 1), header(-1, 1), header(Integer.MIN_VALUE, 1), header(4, 0),
                header(4, -1), truncatedHeader, truncatedPayload)) {
            // a cut-off frame can only be last; the others are followed by a good frame that must not count
            byte[] stream = bad == truncatedHeader || bad == truncatedPayload ? concat(good, bad) : concat(good, bad, good);
            StreamOracle.Expected expected = StreamOracle.decode(stream, 10);
            assertEquals(List.of(Frame.of(2, good, 8, 3)), expected.frames(), "before " + bad.length + " bad bytes");
            assertEquals(StreamOracle.Ending.MALFORMED, expected.ending());
        }
    }

    @Test
    void controlTypesAreFramesOnlyForReceiversThatAcceptThem() {
        byte[] control = FrameBytes.frame(random, 2, -3);
        assertEquals(StreamOracle.Ending.MALFORMED, StreamOracle.decode(control, 10).ending());
        StreamOracle.Expected accepted = StreamOracle.decode(control, 10, -2, -3);
        assertEquals(List.of(Frame.of(-3, control, 8, 2)), accepted.frames());
        assertEquals(StreamOracle.Ending.CLEAN, accepted.ending());
    }

    @Test
    void aFrameOfExactlyTheMaximumIsAcceptedAndOneMoreIsNot() {
        assertEquals(StreamOracle.Ending.CLEAN, StreamOracle.decode(FrameBytes.frame(random, 100, 1), 100).ending());
        assertEquals(StreamOracle.Ending.MALFORMED, StreamOracle.decode(FrameBytes.frame(random, 101, 1), 100).ending());
    }

    private static byte[] header(int length, int type) {
        ByteBuffer header = ByteBuffer.allocate(MessageFrame.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        MessageFrame.putHeader(header, 0, length, type);
        return header.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
