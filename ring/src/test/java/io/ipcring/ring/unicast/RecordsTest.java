package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingCorruptedException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecordsTest {
    @Test
    void headerWordIsTheCodecLayout() {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(MessageFrame.BYTE_ORDER);
        buffer.putLong(0, Records.header(300, 7));
        assertEquals(300, MessageFrame.readLength(buffer, 0, 1000, "test"));
        assertEquals(7, MessageFrame.readType(buffer, 0, "test"));
        assertEquals(-48, Records.length(Records.header(-48, 0)));
        assertEquals(0, Records.type(Records.header(-48, 0)));
    }

    @Test
    void committedLengthChecksEveryField() {
        assertEquals(24, Records.committedLength(Records.header(13, 1), 0, 256, 32, 0, "r"));
        assertEquals(32, Records.committedLength(Records.header(24, MessageFrame.PADDING_TYPE), 224, 256, 32, 0, "r"));
        assertThrows(RingCorruptedException.class, () -> Records.committedLength(Records.header(33, 1), 0, 256, 32, 0, "r"));
        assertThrows(RingCorruptedException.class, () -> Records.committedLength(Records.header(-1, 1), 0, 256, 32, 0, "r"));
        assertThrows(RingCorruptedException.class, () -> Records.committedLength(Records.header(16, 1), 240, 256, 32, 0, "r"));
        assertThrows(RingCorruptedException.class,
                () -> Records.committedLength(Records.header(12, MessageFrame.PADDING_TYPE), 0, 256, 32, 0, "r"));
        assertThrows(RingCorruptedException.class,
                () -> Records.committedLength(Records.header(32, MessageFrame.PADDING_TYPE), 224, 256, 32, 0, "r"));
        assertThrows(RingCorruptedException.class, () -> Records.committedLength(Records.header(0, 0), 0, 256, 32, 0, "r"));
        assertThrows(RingCorruptedException.class, () -> Records.committedLength(Records.header(0, -7), 0, 256, 32, 0, "r"));
    }
}
