package io.ipcring.ring.fanout;

import java.nio.ByteBuffer;

/**
 * Turns elements into bytes and back, for {@link RingQueue}. A codec never sees the ring: it
 * encodes into and decodes from private heap buffers of the queue, which the queue copies into and
 * out of the ring, so a codec that misbehaves (writes outside its element, writes less than it
 * announced, keeps a buffer) can spoil its own elements but never another element, the file's
 * header, or the JVM.
 *
 * <p>Implementations must be thread-safe (stateless is simplest): one codec may serve several
 * queues and threads. {@link ByteArrayCodec} and {@link StringCodec} are included.
 *
 * @param <E> the element type
 */
public interface ElementCodec<E> {
    /**
     * @param element a non-null element
     * @return the number of bytes {@link #encode} writes for it, in [0, the queue's
     *         maxElementLength]; checked before {@link #encode} is called, and a length outside it
     *         is an {@link IllegalArgumentException} of the {@code offer}/{@code put}
     */
    int encodedLength(E element);

    /**
     * Writes an element. If it throws, nothing is published and the exception propagates from
     * {@code offer}/{@code put}.
     *
     * @param element a non-null element
     * @param buffer  a heap buffer of the queue handle, reused by its later puts: position 0,
     *                limit {@link #encodedLength} (an absolute write at or past it throws
     *                {@link IndexOutOfBoundsException}), little-endian, the first
     *                {@link #encodedLength} bytes zero; those bytes are copied into the ring after
     *                the call, so bytes not written are published as zeros. Use absolute indexes;
     *                do not keep it
     * @param offset  index of the first byte: always 0
     */
    void encode(E element, ByteBuffer buffer, int offset);

    /**
     * Reads an element.
     *
     * @param buffer a fresh heap buffer wrapping a copy of exactly the element's bytes, made for
     *               this call alone: position 0, limit and capacity {@code length}, little-endian,
     *               backed by an accessible array. The codec may keep it (a view of it never sees
     *               another element); it should not write it (the bytes of an
     *               {@link UndecodableElementException} are taken from it)
     * @param offset index of the first byte: always 0
     * @param length number of bytes
     * @return the element, not null; throwing (or returning null) makes the queue's
     *         {@code poll}/{@code take}/{@code drainTo} take the element and throw
     *         {@link UndecodableElementException}
     */
    E decode(ByteBuffer buffer, int offset, int length);
}
