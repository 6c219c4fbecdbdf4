package io.ipcring.transport.pipe;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.transport.StreamOptions;
import java.util.Set;

/**
 * Opens {@code pipe:stdio} URIs, the child's side of a pipe channel:
 * {@code Channels.publisher("pipe:stdio")} writes frames to stdout,
 * {@code Channels.subscriber("pipe:stdio")} reads them from stdin (see {@link StdioPipe}).
 * Parameters: {@code maxMessage}, {@code writeTimeout} ({@link StreamOptions}). The parent's
 * side starts the child with {@link PipeProcess#start}.
 */
public final class PipeChannelProvider implements ChannelProvider {
    /** The URI scheme. */
    public static final String SCHEME = "pipe";

    private static final Set<String> PARAMETERS = Set.of(StreamOptions.MAX_MESSAGE, StreamOptions.WRITE_TIMEOUT);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public PipeChannelProvider() {
        // stateless
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Publisher publisher(ChannelUri uri) {
        return StdioPipe.open(uri.toString(), options(uri), false, true);
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        return StdioPipe.open(uri.toString(), options(uri), true, false);
    }

    private static StreamOptions options(ChannelUri uri) {
        if (!StdioPipe.TARGET.equals(uri.target())) {
            throw new IllegalArgumentException("channel URI '" + uri + "': a pipe URI can only open '" + SCHEME + ":"
                    + StdioPipe.TARGET + "' (the child's side); the parent starts the child with PipeProcess.start");
        }
        uri.requireOnly(PARAMETERS);
        return StreamOptions.of(uri, StreamOptions.DEFAULT_MAX_MESSAGE);
    }
}
