package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.ChannelPair;
import io.ipcring.channel.Channels;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.server.MessageServer;
import java.util.Map;
import java.util.Set;

/**
 * {@link ChannelContract} over {@code tcp:} URIs: a {@link MessageServer} (the subscriber) on a
 * port of loopback the kernel picks ({@code tcp://127.0.0.1:0}) and a {@link SocketClient} (the
 * publisher) connected to it. A client's close drops its connection and the server goes on; a
 * server's close resets the client's connection (the first write after it may still succeed).
 */
class TcpChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() {
        return new TcpFixture();
    }

    /** Knows the server's port once {@link #connect()} has bound it. */
    private static final class TcpFixture implements ChannelFixture {
        private static final String SERVER_URI = "tcp://127.0.0.1:0";
        private String publisherUri = "tcp://127.0.0.1:0";

        @Override
        public ChannelCapabilities capabilities() {
            return new ChannelCapabilities(StreamOptions.DEFAULT_MAX_MESSAGE,
                    "the client's send buffer and the server's receive buffer (net.ipv4.tcp_wmem, tcp_rmem) are full",
                    PeerClose.UNNOTICED, PeerClose.CLOSED_EXCEPTION);
        }

        @Override
        public ChannelPair connect() {
            Subscriber server = Channels.subscriber(SERVER_URI);
            try {
                publisherUri = ((MessageServer) server).clientUri();
                return new ChannelPair(Channels.publisher(publisherUri()), server);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        @Override
        public Publisher reopenPublisher() {
            return Channels.publisher(publisherUri());
        }

        /** @return the server's URI once connected; before, port 0, which no client reaches */
        @Override
        public String publisherUri() {
            return publisherUri;
        }

        @Override
        public String subscriberUri() {
            return SERVER_URI;
        }

        @Override
        public Set<String> publisherParameters() {
            return SocketClient.PARAMETERS;
        }

        @Override
        public Set<String> subscriberParameters() {
            return SocketServers.PARAMETERS;
        }

        @Override
        public Map<String, String> badUris() {
            return Map.of(
                    "tcp://127.0.0.1", "expected tcp://host:port",
                    "tcp:127.0.0.1:7000", "expected tcp://host:port",
                    "tcp://127.0.0.1:70000", "port 70000 is above 65535",
                    "tcp://no-such-host.invalid:7000", "host no-such-host.invalid cannot be resolved");
        }

        @Override
        public void close() {
            // the sockets close with their endpoints; nothing else was created
        }
    }
}
