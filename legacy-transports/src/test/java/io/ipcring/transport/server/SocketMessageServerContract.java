package io.ipcring.transport.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.transport.Frames;

/** What the server contract's socket kinds share: a connection per peer, which replies by itself and ends with end of stream. */
abstract class SocketMessageServerContract extends MessageServerContract {
    @Override
    String replyingClientUri(String clientUri) {
        return clientUri;
    }

    @Override
    String expectedError(Frames.Hostile hostile) {
        return hostile.expectedError();
    }

    @Override
    void assertDepartureCause(ChannelException cause) {
        assertTrue(cause instanceof ChannelClosedException, "a socket's end of stream: " + cause);
    }
}
