package io.ipcring.transport.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.transport.internal.PeerLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;

/** The server contract over TCP: each peer its own connection, known by address only. */
class TcpMessageServerTest extends SocketMessageServerContract {
    @Override
    String serverUri() {
        return "tcp://127.0.0.1:0";
    }

    @Override
    long peerPid(long pid) {
        return PeerLink.UNKNOWN_PID;
    }

    @Override
    void assertIdentity(Peer peer) {
        assertTrue(peer.peerCredentials().isEmpty(), "TCP has no peer credentials");
        assertTrue(peer.address().contains("127.0.0.1"), peer.address());
    }

    @Override
    RawWriter rawWriter(MessageServer server) throws IOException {
        URI uri = URI.create(server.clientUri());
        return SocketRawWriter.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), StandardProtocolFamily.INET);
    }
}
