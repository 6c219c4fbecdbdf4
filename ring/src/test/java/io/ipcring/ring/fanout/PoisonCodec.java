package io.ipcring.ring.fanout;

import java.nio.ByteBuffer;

/** A codec that decodes "poison" by throwing and "null" to null; otherwise like {@link StringCodec}. */
final class PoisonCodec implements ElementCodec<String> {
    @Override
    public int encodedLength(String element) {
        return StringCodec.INSTANCE.encodedLength(element);
    }

    @Override
    public void encode(String element, ByteBuffer buffer, int offset) {
        StringCodec.INSTANCE.encode(element, buffer, offset);
    }

    @Override
    public String decode(ByteBuffer buffer, int offset, int length) {
        String s = StringCodec.INSTANCE.decode(buffer, offset, length);
        if (s.equals("poison")) {
            throw new IllegalArgumentException("cannot decode " + s);
        }
        return s.equals("null") ? null : s;
    }
}
