package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SequencedMessagesTest {
    @Test
    void roundTripsSequenceAndDetectsEveryFlippedByte() {
        SequencedMessages messages = new SequencedMessages(42);
        ByteBuffer buffer = ByteBuffer.allocate(200);
        messages.write(buffer, 5, 100, 77);
        assertEquals(77, messages.verify(buffer, 5, 100));
        for (int i = 5; i < 105; i++) {
            buffer.put(i, (byte) (buffer.get(i) ^ 1));
            final int at = i;
            assertThrows(AssertionError.class, () -> messages.verify(buffer, 5, 100), "flip at " + at);
            buffer.put(i, (byte) (buffer.get(i) ^ 1));
        }
    }

    @Test
    void rejectsTooShortMessage() {
        assertThrows(AssertionError.class, () -> new SequencedMessages(1).verify(ByteBuffer.allocate(20), 0, 11));
    }
}
