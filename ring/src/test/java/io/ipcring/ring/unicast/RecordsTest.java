package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.sync.MappedMemory;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecordsTest {
    @Test
    void zeroClearsExactlyTheRangeWrappingAtTheEndWhateverItsLength() {
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(64);
        try (TestPaths paths = new TestPaths();
             RingFile file = RingFile.create(paths.next("zero"), RingDescriptor.SPSC_FORMAT, options)) {
            MappedMemory memory = file.memory();
            int data = file.layout().dataOffset();
            int capacity = file.layout().capacity();
            // word-sized and bulk ranges, aligned or not, inside the region and across its end
            for (long from : new long[] {0, 8, 12, 4000, 4088, 2 * 4096L + 4072}) {
                for (int length : new int[] {0, 8, 24, 40, Records.WORD_ZEROING_LIMIT, Records.WORD_ZEROING_LIMIT + 8, 60, 1000}) {
                    memory.setMemory(data, capacity, (byte) 0x5a);
                    Records.zero(memory, data, capacity, from, from + length);
                    for (int i = 0; i < capacity; i++) {
                        long distance = (i - (from & (capacity - 1)) + capacity) & (capacity - 1);
                        int expected = distance < length ? 0 : 0x5a;
                        assertEquals(expected, memory.buffer().get(data + i), "from=" + from + " length=" + length + " index=" + i);
                    }
                }
            }
        }
    }

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
