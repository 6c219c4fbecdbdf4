package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringCodecTest {
    private static byte[] encode(String s) {
        StringCodec codec = StringCodec.INSTANCE;
        ByteBuffer buffer = ByteBuffer.allocate(codec.encodedLength(s) + 10);
        codec.encode(s, buffer, 3);
        byte[] bytes = new byte[codec.encodedLength(s)];
        buffer.get(3, bytes, 0, bytes.length);
        return bytes;
    }

    @Test
    void encodesExactlyLikeStringGetBytes() {
        for (String s : List.of("", "ascii", "é ß ü", "日本語", "emoji 😀 and 𝄞", "mixed a€b\u0800\u07FF\u0080\u007F",
                "lone high \uD800 surrogate", "lone low \uDC00", "reversed \uDC00\uD800", "end \uD83D")) {
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, StringCodec.INSTANCE.encodedLength(s), s);
            assertArrayEquals(expected, encode(s), s);
            ByteBuffer buffer = ByteBuffer.wrap(expected);
            assertEquals(new String(expected, StandardCharsets.UTF_8), StringCodec.INSTANCE.decode(buffer, 0, expected.length));
        }
    }
}
