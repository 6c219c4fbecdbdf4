package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class QueueFrameTest {
    private final ByteBuffer frame = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());

    @Test
    void writesHeaderAndPayloadAsTheCodecDefines() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9});
        assertEquals(11, QueueFrame.write(frame, 4, payload, 1, 3, 7));
        assertEquals(3, MessageFrame.readLength(frame, 4, 100, "test"));
        assertEquals(7, MessageFrame.readType(frame, 4, "test"));
        assertEquals(1, frame.get(12));
        assertEquals(3, frame.get(14));
        assertEquals(0, payload.position(), "source position untouched");
    }

    @Test
    void writesAnArrayPayload() {
        assertEquals(10, QueueFrame.write(frame, 0, new byte[] {5, 6, 7}, 1, 2, 3));
        assertEquals(2, MessageFrame.readLength(frame, 0, 100, "test"));
        assertEquals(6, frame.get(8));
        assertEquals(7, frame.get(9));
    }

    @Test
    void acceptsAFrameWhoseSizeMatchesItsLengthField() {
        QueueFrame.write(frame, 0, new byte[20], 0, 20, 1);
        assertEquals(20, QueueFrame.payloadLength(frame, 0, 28, 20, "q"));
        QueueFrame.write(frame, 0, new byte[0], 0, 0, 1);
        assertEquals(0, QueueFrame.payloadLength(frame, 0, 8, 20, "q"));
    }

    @Test
    void rejectsAMessageShorterThanTheHeader() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> QueueFrame.payloadLength(frame, 0, 7, 20, "q"));
        assertTrue(e.getMessage().contains("7 bytes is shorter than the 8-byte frame header"), e.getMessage());
    }

    @Test
    void rejectsAMessageLongerThanTheLargestFrame() {
        QueueFrame.write(frame, 0, new byte[20], 0, 20, 1);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> QueueFrame.payloadLength(frame, 0, 28, 19, "q"));
        assertTrue(e.getMessage().contains("exceeds the largest frame 27"), e.getMessage());
    }

    @Test
    void rejectsALengthFieldThatDisagreesWithTheMessageSize() {
        QueueFrame.write(frame, 0, new byte[10], 0, 10, 1);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> QueueFrame.payloadLength(frame, 0, 30, 40, "q"));
        assertTrue(e.getMessage().contains("length field 10 disagrees with the message size 30"), e.getMessage());
    }

    @Test
    void rejectsNegativeAndOversizedLengthFields() {
        MessageFrame.putHeader(frame, 0, -1, 1);
        assertThrows(MalformedFrameException.class, () -> QueueFrame.payloadLength(frame, 0, 20, 40, "q"));
        MessageFrame.putHeader(frame, 0, 41, 1);
        assertThrows(MalformedFrameException.class, () -> QueueFrame.payloadLength(frame, 0, 20, 40, "q"));
    }
}
