package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.UriChannelFixture;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.FixtureDirectory;
import java.util.Map;

/**
 * {@link ChannelContract} over {@code unix:} URIs: a {@link io.ipcring.transport.server.MessageServer} (the subscriber) on a
 * socket file in a directory of its own and a {@link SocketClient} (the publisher), both with the
 * default largest message. A client's close drops its connection and the server goes on; a
 * server's close breaks the client's connection.
 */
class UnixChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() throws Exception {
        FixtureDirectory dir = new FixtureDirectory("ipcring-unix-contract-");
        String uri = "unix:" + dir.path().resolve("orders.sock");
        ChannelCapabilities capabilities = new ChannelCapabilities(StreamOptions.DEFAULT_MAX_MESSAGE,
                "the client's send buffer and the server's receive buffer (net.core.wmem_default, rmem_default) are full",
                PeerClose.UNNOTICED, PeerClose.CLOSED_EXCEPTION);
        Map<String, String> bad = Map.of(
                "unix:" + dir.path().resolve("x".repeat(120)), "the kernel takes at most 107 (sun_path)",
                uri + "?maxMessage=1g", "maxMessage=1073741824 must be in [0, 67108864]");
        return new UriChannelFixture(capabilities, uri, uri, SocketClient.PARAMETERS, SocketServers.PARAMETERS, bad, dir);
    }
}
