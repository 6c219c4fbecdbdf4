package io.ipcring.ring;

import java.nio.ByteBuffer;

/**
 * Turns elements into bytes and back, for {@link RingQueue}. An element is encoded straight into
 * the ring (no intermediate buffer) and decoded from the ring in place, so an implementation must
 * write exactly the length it announces and must copy whatever it keeps.
 *
 * <p>Implementations must be thread-safe (stateless is simplest): one codec may serve several
 * queues and threads. {@link ByteArrayCodec} and {@link StringCodec} are included.
 *
 * @param <E> the element type
 */
public interface Codec<E> {
    /**
     * @param element a non-null element
     * @return the exact number of bytes {@link #encode} writes for it
     */
    int encodedLength(E element);

    /**
     * Writes an element.
     *
     * @param element a non-null element
     * @param buffer  the destination (absolute indexes; position, limit and byte order are not
     *                meaningful and must not be relied on or changed)
     * @param offset  index of the first byte; exactly {@link #encodedLength} bytes must be written
     */
    void encode(E element, ByteBuffer buffer, int offset);

    /**
     * Reads an element. The bytes are valid only during the call.
     *
     * @param buffer the source (absolute indexes; must not be written)
     * @param offset index of the first byte
     * @param length number of bytes
     * @return the element, not null
     */
    E decode(ByteBuffer buffer, int offset, int length);
}
