package io.ipcring.transport.fifo;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MalformedFrameException;
import java.nio.ByteBuffer;

/** Receives what a {@link FifoServer} reads from its FIFO. */
@FunctionalInterface
public interface FifoRequestHandler {
    /**
     * A request. The payload is valid only during the call.
     *
     * @param client the registered client that sent it, to reply with {@link FifoPeer#send};
     *               null for a plain frame from a writer that never registered
     * @param type   the message type, positive
     * @param buffer holds the payload (absolute indexes)
     * @param offset index of the first payload byte
     * @param length payload length
     */
    void onRequest(FifoPeer client, int type, ByteBuffer buffer, int offset, int length);

    /**
     * A client left: it unregistered ({@code cause} null) or its reply FIFO failed.
     *
     * @param client the client, already closed
     * @param cause  why, or null when it unregistered
     */
    default void onDisconnect(FifoPeer client, ChannelException cause) {
    }

    /**
     * The FIFO carried a malformed frame. The server has already dropped everything queued in
     * the FIFO at that moment and goes on with the next write; the default does nothing more
     * (the server logs it).
     *
     * @param error what was wrong
     */
    default void onMalformed(MalformedFrameException error) {
    }
}
