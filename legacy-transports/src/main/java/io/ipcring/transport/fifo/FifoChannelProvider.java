package io.ipcring.transport.fifo;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.util.Set;

/**
 * Opens {@code fifo:/path} URIs: {@code Channels.subscriber} opens a {@link FifoServer} (creating
 * the FIFO if absent), {@code Channels.publisher} a {@link FifoClient} of it (plain frames unless
 * {@code replies=true}).
 */
public final class FifoChannelProvider implements ChannelProvider {
    /** The URI scheme. */
    public static final String SCHEME = "fifo";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public FifoChannelProvider() {
        // stateless
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Publisher publisher(ChannelUri uri) {
        return FifoClient.connect(uri);
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        return FifoServer.open(uri);
    }
}
