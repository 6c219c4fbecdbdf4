package io.ipcring.ring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link ChannelFixture} of the four {@code shm:} kinds: a ring file of its own in the default
 * directory (16 KiB of data, messages up to 2000 bytes), opened by URI on both sides, deleted by
 * {@link #close()}. A ring outlives its endpoints, so neither side's close is reported to the
 * other ({@link PeerClose#UNNOTICED}).
 */
public final class ShmChannelFixture implements ChannelFixture {
    /** The kinds of {@code shm:} URIs. */
    public enum Kind {
        /** One publisher, one subscriber. */
        SPSC("kind", "capacity", "maxMessage", "slots", "claimTimeoutMs", "wait", "access"),
        /** Many publishers, one subscriber. */
        MPSC("kind", "capacity", "maxMessage", "slots", "claimTimeoutMs", "wait", "access"),
        /** Every subscriber gets every message. */
        BROADCAST("kind", "capacity", "maxMessage", "producers", "subscribers", "livenessTimeoutMs", "subscriber", "start"),
        /** Each message goes to one consumer. */
        WORKQUEUE("kind", "capacity", "maxMessage", "producers", "consumers", "maxMessages");

        private final Set<String> parameters;

        Kind(String... parameters) {
            this.parameters = Set.of(parameters);
        }
    }

    static final int MAX_MESSAGE = 2000;

    private final TestFiles files = new TestFiles();
    private final Kind kind;
    private final String uri;

    /** @param kind the ring kind */
    public ShmChannelFixture(Kind kind) {
        this.kind = kind;
        String name = files.newPath("contract-" + kind.name().toLowerCase()).getFileName().toString();
        // a broadcast subscriber that polls nothing for 60 s is released; none of these tests waits that long
        this.uri = "shm:/" + name + "?kind=" + kind.name().toLowerCase() + "&capacity=16k&maxMessage=" + MAX_MESSAGE
                + (kind == Kind.BROADCAST ? "&livenessTimeoutMs=60000" : "");
    }

    @Override
    public ChannelCapabilities capabilities() {
        String full;
        switch (kind) {
            case BROADCAST:
                full = "16 KiB of records (8-byte header + payload, 8-aligned) the slowest live subscriber has not read";
                break;
            case WORKQUEUE:
                full = "16 KiB of records (8-byte header + payload, 8-aligned) no consumer has taken";
                break;
            default:
                full = "16 KiB of records (8-byte header + payload, 8-aligned) the consumer has not read";
                break;
        }
        return new ChannelCapabilities(MAX_MESSAGE, full, PeerClose.UNNOTICED, PeerClose.UNNOTICED);
    }

    @Override
    public ChannelPair connect() {
        Subscriber subscriber = Channels.subscriber(subscriberUri());
        try {
            return new ChannelPair(Channels.publisher(uri), subscriber);
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
    }

    @Override
    public Publisher reopenPublisher() {
        return Channels.publisher(uri);
    }

    @Override
    public String publisherUri() {
        return uri;
    }

    @Override
    public String subscriberUri() {
        return kind == Kind.BROADCAST ? uri + "&subscriber=contract" : uri;
    }

    @Override
    public Set<String> publisherParameters() {
        return kind.parameters;
    }

    @Override
    public Set<String> subscriberParameters() {
        return kind.parameters;
    }

    @Override
    public Map<String, String> badUris() {
        String base = uri.substring(0, uri.indexOf('?'));
        String kindParameter = "?kind=" + kind.name().toLowerCase() + (kind == Kind.BROADCAST ? "&subscriber=contract" : "");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(base + "?kind=fanout", "unknown kind=fanout (expected spsc, mpsc, broadcast or workqueue)");
        bad.put("shm:/" + kindParameter, "names no ring (expected shm:/name)");
        bad.put(base + kindParameter + "&capacity=1000", "capacity=1000");
        bad.put(base + kindParameter + "&maxMessage=lots", "maxMessage");
        if (kind == Kind.SPSC || kind == Kind.MPSC) {
            bad.put(base + kindParameter + "&wait=nap", "unknown wait=nap (expected spin, yield, backoff or block)");
        }
        return bad;
    }

    @Override
    public void close() {
        files.deleteAll();
    }
}
