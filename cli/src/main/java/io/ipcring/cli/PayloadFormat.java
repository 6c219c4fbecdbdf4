package io.ipcring.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Shows a payload as text when it is printable UTF-8, else as hex; long payloads are cut. */
final class PayloadFormat {
    /** Payload bytes shown at most. */
    static final int MAX_SHOWN = 256;

    private PayloadFormat() {
    }

    /**
     * @param buffer   holds the payload (absolute indexes)
     * @param offset   first byte
     * @param length   bytes
     * @param forceHex hex even when printable
     * @return the text, quoted, or {@code hex:} and the bytes, with {@code ...} when cut
     */
    static String format(ByteBuffer buffer, int offset, int length, boolean forceHex) {
        int shown = Math.min(length, MAX_SHOWN);
        byte[] bytes = new byte[shown];
        buffer.get(offset, bytes, 0, shown);
        String more = shown < length ? "..." : "";
        if (!forceHex) {
            String text = printable(bytes);
            if (text != null) {
                return "\"" + text + "\"" + more;
            }
        }
        StringBuilder hex = new StringBuilder("hex:");
        for (byte b : bytes) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex + more;
    }

    private static String printable(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            String s = chars.toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isISOControl(c) && c != '\t') {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
