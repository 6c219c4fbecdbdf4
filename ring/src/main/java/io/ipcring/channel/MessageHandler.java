package io.ipcring.channel;

import java.nio.ByteBuffer;

/**
 * Receives messages from {@link Subscriber#poll}. The payload is handed over in place: the bytes
 * {@code buffer[offset, offset + length)} are valid only during the call, and the buffer must not
 * be written. Copy what must outlive the call.
 *
 * <p>For the shared-memory rings the buffer is a read-only view of the whole mapping (one per
 * subscriber, made once): a write throws {@link java.nio.ReadOnlyBufferException}. Bytes outside
 * {@code [offset, offset + length)} are other records, and after the call the range itself is
 * the ring's again: a producer may overwrite it at any time. Neither the buffer nor a view or
 * slice of it may be kept past the subscriber's {@code close()}: the ring is unmapped then, and a
 * later access throws {@link IllegalStateException} on Java 22+ but may crash the JVM (SIGSEGV)
 * on Java 17–21.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Called once per message, in order.
     *
     * @param type   the message type, positive
     * @param buffer the buffer holding the payload (absolute indexes; position and limit are
     *               meaningless)
     * @param offset index of the first payload byte in {@code buffer}
     * @param length number of payload bytes, possibly 0
     */
    void onMessage(int type, ByteBuffer buffer, int offset, int length);
}
