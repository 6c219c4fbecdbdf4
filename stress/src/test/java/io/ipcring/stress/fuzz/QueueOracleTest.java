package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueueOracleTest {
    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void aMessageHoldingExactlyOneValidFrameIsDelivered() {
        byte[] frame = FrameBytes.frame(random, 20, 9);
        assertEquals(Optional.of(Frame.of(9, frame, 8, 20)), QueueOracle.posix(frame, 20));
        assertEquals(Optional.of(Frame.of(9, frame, 8, 20)), QueueOracle.sysV(9, frame, 20));
    }

    @Test
    void malformedMessagesAreRejected() {
        byte[] frame = FrameBytes.frame(random, 20, 9);
        assertTrue(QueueOracle.posix(Arrays.copyOf(frame, 7), 20).isEmpty(), "shorter than a header");
        assertTrue(QueueOracle.posix(Arrays.copyOf(frame, 27), 20).isEmpty(), "length field disagrees with the size");
        assertTrue(QueueOracle.posix(Arrays.copyOf(frame, 29), 20).isEmpty(), "trailing byte");
        assertTrue(QueueOracle.posix(frame, 19).isEmpty(), "over the maximum");
        assertTrue(QueueOracle.posix(FrameBytes.frame(random, 2, 0), 20).isEmpty(), "reserved type");
        assertTrue(QueueOracle.sysV(8, frame, 20).isEmpty(), "mtype disagrees with the type");
        assertTrue(QueueOracle.sysV(9L + (1L << 32), frame, 20).isEmpty(), "mtype beyond an int");
    }

    @Test
    void aSysVMessageLongerThanTheReceiveBufferArrivesTruncatedAndIsMalformed() {
        byte[] frame = FrameBytes.frame(random, 40, 3);
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(MessageFrame.LENGTH_OFFSET, 21);
        // truncated to 8 + 20 + 1 = 29 bytes: the length field 21 matches that size but exceeds the maximum
        assertTrue(QueueOracle.sysV(3, frame, 20).isEmpty());
        assertEquals(Optional.of(Frame.of(3, frame, 8, 21)), QueueOracle.sysV(3, Arrays.copyOf(frame, 29), 21));
    }
}
