package io.ipcring.channel;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ChannelFixture} for kinds whose both sides open by URI: the subscriber first (a
 * server, or a queue's reader), then the publisher; {@link #close()} runs the kind's cleanup.
 */
public final class UriChannelFixture implements ChannelFixture {
    private final ChannelCapabilities capabilities;
    private final String publisherUri;
    private final String subscriberUri;
    private final Set<String> publisherParameters;
    private final Set<String> subscriberParameters;
    private final Map<String, String> badUris;
    private final AutoCloseable cleanup;

    /**
     * @param capabilities         what the kind declares
     * @param publisherUri         the publishers' URI
     * @param subscriberUri        the subscriber's URI
     * @param publisherParameters  the parameters a publisher URI accepts
     * @param subscriberParameters the parameters a subscriber URI accepts
     * @param badUris              malformed URIs and a fragment of each one's error message
     * @param cleanup              removes what the channel left (files, FIFOs, queues)
     */
    public UriChannelFixture(ChannelCapabilities capabilities, String publisherUri, String subscriberUri,
                             Set<String> publisherParameters, Set<String> subscriberParameters,
                             Map<String, String> badUris, AutoCloseable cleanup) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.publisherUri = Objects.requireNonNull(publisherUri, "publisherUri");
        this.subscriberUri = Objects.requireNonNull(subscriberUri, "subscriberUri");
        this.publisherParameters = Set.copyOf(publisherParameters);
        this.subscriberParameters = Set.copyOf(subscriberParameters);
        this.badUris = Map.copyOf(badUris);
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
    }

    @Override
    public ChannelCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public ChannelPair connect() {
        Subscriber subscriber = Channels.subscriber(subscriberUri);
        try {
            return new ChannelPair(Channels.publisher(publisherUri), subscriber);
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
    }

    @Override
    public Publisher reopenPublisher() {
        return Channels.publisher(publisherUri);
    }

    @Override
    public String publisherUri() {
        return publisherUri;
    }

    @Override
    public String subscriberUri() {
        return subscriberUri;
    }

    @Override
    public Set<String> publisherParameters() {
        return publisherParameters;
    }

    @Override
    public Set<String> subscriberParameters() {
        return subscriberParameters;
    }

    @Override
    public Map<String, String> badUris() {
        return badUris;
    }

    @Override
    public void close() throws Exception {
        cleanup.close();
    }
}
