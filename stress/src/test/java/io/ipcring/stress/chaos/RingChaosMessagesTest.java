package io.ipcring.stress.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RingChaosMessagesTest {
    private final ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void aWrittenMessageChecksAsItsIds() {
        int length = RingChaosMessages.write(buffer, 16, 2, 5, 1234, 100);
        assertEquals(RingChaosMessages.PREFIX + 100, length);
        assertEquals("2 5 1234", RingChaosMessages.check(3, buffer, 16, length));
    }

    @Test
    void anyDamageIsDetected() {
        int length = RingChaosMessages.write(buffer, 0, 0, 1, 7, 50);
        assertNull(RingChaosMessages.check(2, buffer, 0, length), "wrong type for the producer");
        assertNull(RingChaosMessages.check(1, buffer, 0, length - 1), "wrong length");
        for (int at : new int[] {0, 9, 30, length - 1}) {
            buffer.put(at, (byte) (buffer.get(at) ^ 0x10));
            assertNull(RingChaosMessages.check(1, buffer, 0, length), "flipped byte " + at);
            buffer.put(at, (byte) (buffer.get(at) ^ 0x10));
        }
        assertEquals("0 1 7", RingChaosMessages.check(1, buffer, 0, length));
    }
}
