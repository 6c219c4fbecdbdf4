package io.ipcring.ring.journal;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.ChannelPair;
import io.ipcring.channel.Channels;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ChannelFixture} of {@code journal:} URIs: a journal directory of its own in
 * /dev/shm (64 KiB segments, so the contract's longer runs roll), a named reader as the
 * subscriber, deleted with everything in it by the fixture's close. The journal outlives its
 * endpoints ({@link PeerClose#UNNOTICED} both ways), is never full, and keeps what was read.
 */
final class JournalChannelFixture implements ChannelFixture {
    /** The largest payload of the fixture's journal. */
    static final int MAX_MESSAGE = 2000;

    private final TestPaths paths = new TestPaths();
    private final Path directory = paths.next("contract-journal");
    private final String base = "journal:" + directory;
    private final String publisherUri = base + "?roll=size:64k&max=" + MAX_MESSAGE;
    private final String subscriberUri = publisherUri + "&reader=contract";

    @Override
    public ChannelCapabilities capabilities() {
        return new ChannelCapabilities(MAX_MESSAGE, null, PeerClose.UNNOTICED, PeerClose.UNNOTICED,
                "records stay in the journal's segments; a reader from=start reads them all again");
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
    public Subscriber replaySubscriber() {
        return Channels.subscriber(base + "?from=start");
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
        return Set.copyOf(JournalUri.PARAMETERS);
    }

    @Override
    public Set<String> subscriberParameters() {
        return Set.copyOf(JournalUri.PARAMETERS);
    }

    @Override
    public Map<String, String> badUris() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(base + "?roll=weekly", "unknown roll=weekly (expected size:N");
        bad.put(base + "?roll=size:1000", "roll=size:1000: the size must be a multiple of 4096 bytes in [65536, 1073741824]");
        bad.put(base + "?roll=size:64k&max=64k", "maxMessageLength=65536 must be positive and its record at most a quarter");
        bad.put("journal:/?roll=hourly", "names no journal (expected journal:/name");
        bad.put(base + "?max=lots", "max=lots is not a number");
        bad.put(base + "?max=0", "max=0 must be positive (the largest payload, in bytes)");
        bad.put(base + "?appenders=0", "appenders=0 must be in [1, ");
        bad.put(base + "?wait=nap", "unknown wait=nap (expected spin, yield, backoff or block)");
        bad.put(base + "?from=middle", "unknown from=middle (expected start, end, seq:N or time:ISO-8601)");
        bad.put(base + "?from=seq:-3", "from=seq:-3: the sequence must be a number >= 0");
        bad.put(base + "?from=time:yesterday", "from=time:yesterday: not an ISO-8601 time");
        bad.put(base + "?retain=3d", "retain=3d (expected none, segments:N, bytes:N[k|m|g] or time:PT1H)");
        bad.put(base + "?sync=sometimes", "sync=sometimes");
        return bad;
    }

    @Override
    public void close() {
        paths.close();
    }
}
