package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import java.nio.ByteBuffer;

/** Receives what a {@link SocketServer} gets from its clients. */
@FunctionalInterface
public interface ServerHandler {
    /**
     * A message. The payload is valid only during the call.
     *
     * @param connection the client that sent it; {@link Connection#send} replies
     * @param type       the message type, positive
     * @param buffer     holds the payload (absolute indexes)
     * @param offset     index of the first payload byte
     * @param length     payload length
     */
    void onMessage(Connection connection, int type, ByteBuffer buffer, int offset, int length);

    /**
     * A client connected.
     *
     * @param connection the new connection
     */
    default void onConnect(Connection connection) {
    }

    /**
     * A connection was dropped: the client disconnected
     * ({@link io.ipcring.channel.ChannelClosedException}), sent a malformed frame or disconnected
     * mid-frame ({@link io.ipcring.channel.MalformedFrameException}), or failed otherwise. The other
     * connections are not affected.
     *
     * @param connection the connection, already closed
     * @param cause      why
     */
    default void onDisconnect(Connection connection, ChannelException cause) {
    }
}
