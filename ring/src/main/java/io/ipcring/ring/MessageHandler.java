package io.ipcring.ring;

import java.nio.ByteBuffer;

/**
 * Receives messages from {@link Subscriber#poll}. The payload is handed over in place: the bytes
 * {@code buffer[offset, offset + length)} are valid only during the call, and the buffer must not
 * be written. Copy what must outlive the call.
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
