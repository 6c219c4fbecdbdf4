package io.ipcring.ring.fanout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes a {@link RingQueue} handle's elements into one heap buffer of its own, reused by every
 * put, so that once it has grown to the largest element a put allocates nothing. The codec never
 * sees the ring: the caller copies the encoded bytes into it, so a codec that throws has
 * published nothing, and one that writes less than it announced publishes zeros.
 *
 * <p>Not thread-safe: used under the handle's put lock.
 *
 * @param <E> the element type
 */
final class ElementEncoder<E> {
    private final ElementCodec<E> codec;
    private final int maxElementLength;
    /** What the codec encodes into, grown as needed up to maxElementLength. */
    private byte[] encoded = new byte[0];
    /** A view of {@link #encoded} handed to the codec. */
    private ByteBuffer encodeBuffer = ByteBuffer.wrap(encoded);

    /**
     * @param codec            turns elements into bytes
     * @param maxElementLength the largest encoded element the queue takes
     */
    ElementEncoder(ElementCodec<E> codec, int maxElementLength) {
        this.codec = codec;
        this.maxElementLength = maxElementLength;
    }

    /**
     * @param e a non-null element
     * @return the length the codec announces for it
     * @throws IllegalArgumentException when that length is outside [0, maxElementLength]
     */
    int length(E e) {
        int length = codec.encodedLength(e);
        if (length < 0 || length > maxElementLength) {
            throw new IllegalArgumentException("element encodes to length=" + length + " bytes, outside [0, maxElementLength="
                    + maxElementLength + "]");
        }
        return length;
    }

    /**
     * Encodes an element into this encoder's buffer.
     *
     * @param e      a non-null element
     * @param length its length, from {@link #length}
     * @return the buffer's array, whose first {@code length} bytes are the element; valid until
     *         the next call
     */
    byte[] encode(E e, int length) {
        if (encoded.length < length) {
            encoded = new byte[(int) Math.min(maxElementLength, Math.max(length, 2L * encoded.length))];
            encodeBuffer = ByteBuffer.wrap(encoded);
        }
        // zero-filled, so a codec that writes less than it announced publishes zeros, never an
        // earlier element's bytes; position, limit and order reset, whatever the last codec call did
        Arrays.fill(encoded, 0, length, (byte) 0);
        encodeBuffer.clear().limit(length);
        codec.encode(e, encodeBuffer.order(ByteOrder.LITTLE_ENDIAN), 0);
        return encoded;
    }
}
