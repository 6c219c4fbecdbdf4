package io.ipcring.transport.server;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MalformedFrameException;
import java.nio.ByteBuffer;

/** Receives what a {@link MessageServer} gets from its peers. */
@FunctionalInterface
public interface ServerHandler {
    /**
     * A message. The payload is valid only during the call.
     *
     * @param peer   the peer that sent it, to reply with {@link Peer#send}; null for a plain
     *               frame from a FIFO writer that never registered
     * @param type   the message type, positive
     * @param buffer holds the payload (absolute indexes)
     * @param offset index of the first payload byte
     * @param length payload length
     */
    void onMessage(Peer peer, int type, ByteBuffer buffer, int offset, int length);

    /**
     * A peer arrived: a client connected to a socket server or registered with a FIFO server.
     *
     * @param peer the new peer
     */
    default void onConnect(Peer peer) {
    }

    /**
     * A peer is gone and already closed. {@code cause} is null when it unregistered from a FIFO
     * server; otherwise it says why: the client disconnected
     * ({@link io.ipcring.channel.ChannelClosedException}), sent a malformed frame or disconnected
     * mid-frame on its own connection ({@link MalformedFrameException}), or a reply to it failed.
     * The other peers are not affected.
     *
     * @param peer  the peer, already closed
     * @param cause why, or null when it left cleanly
     */
    default void onDisconnect(Peer peer, ChannelException cause) {
    }

    /**
     * A stream every peer writes to (a FIFO) carried a malformed frame, which cannot be pinned on
     * a peer: the server has already dropped everything queued in the stream at that moment and
     * goes on with the next write; the default does nothing more (the server logs it).
     *
     * @param error what was wrong
     */
    default void onMalformed(MalformedFrameException error) {
    }
}
