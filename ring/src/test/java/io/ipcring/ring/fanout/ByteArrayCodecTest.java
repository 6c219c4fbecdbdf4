package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ByteArrayCodecTest {
    @Test
    void roundTripsAtAnOffsetAndCopiesOnDecode() {
        ByteArrayCodec codec = ByteArrayCodec.INSTANCE;
        byte[] element = {1, 2, 3, 4, 5};
        assertEquals(5, codec.encodedLength(element));
        ByteBuffer buffer = ByteBuffer.allocate(32);
        codec.encode(element, buffer, 7);
        byte[] decoded = codec.decode(buffer, 7, 5);
        assertArrayEquals(element, decoded);
        buffer.put(7, (byte) 9);
        assertEquals(1, decoded[0], "the decoded array does not share the buffer");
        assertEquals(0, codec.decode(buffer, 0, 0).length);
    }
}
