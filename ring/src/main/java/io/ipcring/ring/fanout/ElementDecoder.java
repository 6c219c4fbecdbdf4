package io.ipcring.ring.fanout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Decodes private copies of a {@link RingQueue}'s elements: the codec gets a fresh heap buffer
 * wrapping exactly the element's bytes, which it may keep, so nothing it keeps points into the
 * ring or at another element.
 *
 * <p>Thread-safe (the codec is).
 *
 * @param <E> the element type
 */
final class ElementDecoder<E> {
    private final ElementCodec<E> codec;
    private final Path path;

    /**
     * @param codec turns bytes into elements
     * @param path  the queue's file, for messages
     */
    ElementDecoder(ElementCodec<E> codec, Path path) {
        this.codec = codec;
        this.path = path;
    }

    /**
     * @param bytes a private copy of an element's bytes, which the codec may keep
     * @return what the codec made of them: null when it returned null
     * @throws RuntimeException what the codec threw
     */
    E decode(byte[] bytes) {
        return codec.decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length);
    }

    /**
     * @param bytes a private copy of an element's bytes
     * @return the element, not null
     * @throws UndecodableElementException when the codec threw or returned null
     */
    E decodeOrThrow(byte[] bytes) {
        E element;
        try {
            element = decode(bytes);
        } catch (RuntimeException e) {
            throw undecodable(bytes, e);
        }
        if (element == null) {
            throw undecodable(bytes, null);
        }
        return element;
    }

    /**
     * @param bytes the element's bytes
     * @param cause what the codec threw, or null when it returned null
     * @return the exception reporting them
     */
    UndecodableElementException undecodable(byte[] bytes, RuntimeException cause) {
        return new UndecodableElementException(path, bytes, cause);
    }
}
