package io.ipcring.ring.fanout;

import java.nio.ByteBuffer;

/** A {@link ElementCodec} for {@code byte[]} elements: the bytes themselves. Stateless. */
public final class ByteArrayCodec implements ElementCodec<byte[]> {
    /** The shared instance. */
    public static final ByteArrayCodec INSTANCE = new ByteArrayCodec();

    private ByteArrayCodec() {
    }

    @Override
    public int encodedLength(byte[] element) {
        return element.length;
    }

    @Override
    public void encode(byte[] element, ByteBuffer buffer, int offset) {
        buffer.put(offset, element, 0, element.length);
    }

    @Override
    public byte[] decode(ByteBuffer buffer, int offset, int length) {
        byte[] element = new byte[length];
        buffer.get(offset, element, 0, length);
        return element;
    }
}
