package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.util.Set;

/**
 * Opens {@code unix:/path} and {@code tcp://host:port} URIs: {@code Channels.subscriber} binds a
 * {@link SocketServer}, {@code Channels.publisher} connects a {@link SocketClient}.
 */
public final class SocketChannelProvider implements ChannelProvider {
    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SocketChannelProvider() {
        // stateless
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SocketEndpoint.UNIX, SocketEndpoint.TCP);
    }

    @Override
    public Publisher publisher(ChannelUri uri) {
        return SocketClient.connect(uri);
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        return SocketServer.open(uri);
    }
}
