package io.ipcring.transport.fifo;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.UriChannelFixture;
import io.ipcring.transport.FixtureDirectory;
import java.util.Map;

/**
 * {@link ChannelContract} over {@code fifo:} URIs: a {@link io.ipcring.transport.server.MessageServer} (the subscriber) on a
 * FIFO in a directory of its own, and a plain {@link FifoClient} (the publisher). The server
 * holds a writer of its own, so a client's close is never end of stream; a server's close makes
 * the client's writes fail with EPIPE.
 */
class FifoChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() throws Exception {
        FixtureDirectory dir = new FixtureDirectory("ipcring-fifo-contract-");
        String uri = "fifo:" + dir.path().resolve("orders");
        ChannelCapabilities capabilities = new ChannelCapabilities(FifoProtocol.MAX_PLAIN_PAYLOAD,
                "the FIFO's pipe buffer (64 KiB unless resized) holds no further whole frame",
                PeerClose.UNNOTICED, PeerClose.CLOSED_EXCEPTION);
        Map<String, String> bad = Map.of(
                uri + "?writeTimeout=0", "writeTimeout=0 must be positive",
                uri + "?maxReply=-1", "maxReply=-1");
        return new UriChannelFixture(capabilities, uri, uri, FifoClient.PARAMETERS, FifoTransport.PARAMETERS, bad, dir);
    }
}
