package io.ipcring.ring.fanout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link ElementCodec} for {@code String} elements in UTF-8, written straight into the queue's encode
 * buffer without an intermediate array. Like {@link String#getBytes(java.nio.charset.Charset)}, an unpaired
 * surrogate is encoded as {@code '?'}. Stateless.
 */
public final class StringCodec implements ElementCodec<String> {
    /** The shared instance. */
    public static final StringCodec INSTANCE = new StringCodec();

    private static final byte REPLACEMENT = '?';

    private StringCodec() {
    }

    /** @throws IllegalArgumentException when the encoding would exceed {@link Integer#MAX_VALUE} bytes */
    @Override
    public int encodedLength(String element) {
        long bytes = 0;
        int length = element.length();
        for (int i = 0; i < length; i++) {
            char c = element.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(element.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a string of length=" + length + " encodes to " + bytes + " bytes");
        }
        return (int) bytes;
    }

    @Override
    public void encode(String element, ByteBuffer buffer, int offset) {
        int at = offset;
        int length = element.length();
        for (int i = 0; i < length; i++) {
            char c = element.charAt(i);
            if (c < 0x80) {
                buffer.put(at++, (byte) c);
            } else if (c < 0x800) {
                buffer.put(at++, (byte) (0xC0 | c >> 6));
                buffer.put(at++, (byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(element.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, element.charAt(++i));
                buffer.put(at++, (byte) (0xF0 | codePoint >> 18));
                buffer.put(at++, (byte) (0x80 | codePoint >> 12 & 0x3F));
                buffer.put(at++, (byte) (0x80 | codePoint >> 6 & 0x3F));
                buffer.put(at++, (byte) (0x80 | codePoint & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buffer.put(at++, REPLACEMENT);
            } else {
                buffer.put(at++, (byte) (0xE0 | c >> 12));
                buffer.put(at++, (byte) (0x80 | c >> 6 & 0x3F));
                buffer.put(at++, (byte) (0x80 | c & 0x3F));
            }
        }
    }

    @Override
    public String decode(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
