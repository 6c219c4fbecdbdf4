package io.ipcring.transport.mq;

import java.nio.ByteBuffer;

/**
 * Receives messages from a {@link PosixMqSubscriber} together with the priority they were sent
 * with. The payload is handed over in place, as with {@link io.ipcring.channel.MessageHandler}: the
 * bytes are valid only during the call and must not be written.
 */
@FunctionalInterface
public interface PriorityMessageHandler {
    /**
     * Called once per message, highest priority first, first in first out within a priority.
     *
     * @param type     the message type, positive
     * @param priority the priority it was sent with, 0 to {@link PosixMessageQueue#MAX_PRIORITY}
     * @param buffer   the buffer holding the payload (absolute indexes)
     * @param offset   index of the first payload byte
     * @param length   number of payload bytes, possibly 0
     */
    void onMessage(int type, int priority, ByteBuffer buffer, int offset, int length);
}
