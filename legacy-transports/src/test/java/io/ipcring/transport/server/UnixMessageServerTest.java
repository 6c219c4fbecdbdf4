package io.ipcring.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.transport.internal.NativeIo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server contract over a Unix domain socket: each peer its own connection, with the kernel's credentials. */
class UnixMessageServerTest extends SocketMessageServerContract {
    @Override
    String serverUri() {
        return "unix:" + dir.resolve("server.sock");
    }

    @Override
    long peerPid(long pid) {
        return pid;
    }

    @Override
    void assertIdentity(Peer peer) throws IOException {
        PeerCredentials credentials = peer.peerCredentials().orElseThrow();
        assertEquals(peer.pid(), credentials.pid(), "the kernel's record of the client's pid");
        assertEquals(NativeIo.effectiveUid(), credentials.uid());
        assertEquals(Files.getAttribute(dir.path(), "unix:gid"), credentials.gid(), "the gid our files get");
    }

    @Override
    RawWriter rawWriter(MessageServer server) throws IOException {
        Path path = Path.of(server.clientUri().substring("unix:".length()));
        return SocketRawWriter.connect(UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX);
    }
}
