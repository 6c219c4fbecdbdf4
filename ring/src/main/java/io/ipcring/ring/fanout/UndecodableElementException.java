package io.ipcring.ring.fanout;

import java.nio.file.Path;

/**
 * A {@link RingQueue}'s {@link ElementCodec} could not decode an element (it threw, or returned null).
 * Thrown by {@code poll}, {@code take} and {@code drainTo}, which have then taken the element out
 * of the queue, so the next call goes on with the next element; and by {@code peek}, which leaves
 * it in the queue. Carries a copy of the element's encoded bytes and the codec's exception.
 */
public final class UndecodableElementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The element's encoded bytes; never handed out, only copies. */
    private final byte[] bytes;

    /**
     * @param file  the queue's file
     * @param bytes the element's encoded bytes (copied)
     * @param cause the codec's exception, or null when it returned null
     */
    UndecodableElementException(Path file, byte[] bytes, Throwable cause) {
        super(file + ": the codec could not decode an element of length=" + bytes.length + " bytes"
                + (cause == null ? " (it returned null)" : ": " + cause), cause);
        this.bytes = bytes.clone();
    }

    /** @return a copy of the element's encoded bytes, as the codec was given them */
    public byte[] bytes() {
        return bytes.clone();
    }
}
