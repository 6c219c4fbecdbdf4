package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadFormatTest {
    @Test
    void printableUtf8IsQuotedText() {
        ByteBuffer b = ByteBuffer.wrap("xxhéllo\tyy".getBytes(StandardCharsets.UTF_8));
        assertEquals("\"héllo\t\"", PayloadFormat.format(b, 2, 7, false));
    }

    @Test
    void binaryAndForcedPayloadsAreHex() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff, 'a'});
        assertEquals("hex:0001ff61", PayloadFormat.format(b, 0, 4, false));
        assertEquals("hex:61", PayloadFormat.format(b, 3, 1, true));
        assertEquals("\"\"", PayloadFormat.format(b, 0, 0, false));
    }

    @Test
    void longPayloadsAreCut() {
        byte[] text = "a".repeat(PayloadFormat.MAX_SHOWN + 10).getBytes(StandardCharsets.UTF_8);
        String shown = PayloadFormat.format(ByteBuffer.wrap(text), 0, text.length, false);
        assertEquals("\"" + "a".repeat(PayloadFormat.MAX_SHOWN) + "\"...", shown);
    }
}
