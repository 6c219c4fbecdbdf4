package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SocketEndpointTest {
    @Test
    void parsesUnixPathsAndTcpHostsIncludingIpv6() {
        SocketEndpoint unix = SocketEndpoint.of(ChannelUri.parse("unix:/tmp/a.sock"));
        assertTrue(unix.isUnix());
        assertEquals(Path.of("/tmp/a.sock"), unix.path());
        SocketEndpoint v4 = SocketEndpoint.of(ChannelUri.parse("tcp://127.0.0.1:7000"));
        assertEquals(new InetSocketAddress("127.0.0.1", 7000), v4.address());
        assertEquals(StandardProtocolFamily.INET, v4.family());
        SocketEndpoint v6 = SocketEndpoint.of(ChannelUri.parse("tcp://[::1]:7001"));
        assertEquals(StandardProtocolFamily.INET6, v6.family());
        assertEquals(7001, ((InetSocketAddress) v6.address()).getPort());
    }

    @Test
    void rejectsMalformedTcpTargets() {
        for (String bad : new String[] {"tcp:127.0.0.1:7000", "tcp://127.0.0.1", "tcp://127.0.0.1:7000/x", "tcp://127.0.0.1:99999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketEndpoint.of(ChannelUri.parse(bad)), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
