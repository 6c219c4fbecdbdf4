package io.ipcring.ring.fanout;

import io.ipcring.channel.MessageHandler;
import java.nio.ByteBuffer;

/**
 * The handler a {@link RingQueue} handle's takes poll with, and the element it took: it copies a
 * claimed record out of the ring and decodes the copy while the record is claimed, and keeps
 * what came of it, the element or the codec's failure, until the take that polled collects it.
 * One object per handle, so a take allocates only the element's bytes (and what the codec makes).
 *
 * <p>A codec failure does not escape the handler: the record is taken all the same, and the
 * failure is thrown by {@link #throwIfUndecodable} after the poll, so the next take goes on with
 * the next element.
 *
 * <p>Not thread-safe: used under the handle's take lock.
 *
 * @param <E> the element type
 */
final class TakenElement<E> implements MessageHandler {
    private final ElementDecoder<E> decoder;
    /** The element just decoded. */
    private E taken;
    /** The bytes of an element the codec failed on, with {@link #undecodableCause}. */
    private byte[] undecodable;
    private RuntimeException undecodableCause;

    /** @param decoder decodes the copies */
    TakenElement(ElementDecoder<E> decoder) {
        this.decoder = decoder;
    }

    /** Called back by a poll while the record is claimed: keeps its element for {@link #collect}. */
    @Override
    public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
        taken = decodeCopy(buffer, offset, length);
    }

    /**
     * After a poll that took a record with this handler.
     *
     * @return the element taken
     * @throws UndecodableElementException when the codec failed on it
     */
    E collect() {
        throwIfUndecodable();
        E element = taken;
        taken = null;
        return element;
    }

    /**
     * Copies an element out of the ring and decodes the copy. Returns normally when the codec
     * fails (so the record is taken) and leaves the failure for {@link #throwIfUndecodable}.
     * Inside a consumer's handler.
     *
     * @return the element, or null when the codec failed on it
     */
    E decodeCopy(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes, 0, length);
        try {
            E element = decoder.decode(bytes);
            if (element == null) {
                undecodable = bytes;
            }
            return element;
        } catch (RuntimeException e) {
            undecodable = bytes;
            undecodableCause = e;
            return null;
        }
    }

    /**
     * After a record was taken: reports the codec's failure on it, if any, once.
     *
     * @throws UndecodableElementException when {@link #decodeCopy} failed on the record
     */
    void throwIfUndecodable() {
        byte[] bytes = undecodable;
        if (bytes != null) {
            RuntimeException cause = undecodableCause;
            undecodable = null;
            undecodableCause = null;
            throw decoder.undecodable(bytes, cause);
        }
    }
}
