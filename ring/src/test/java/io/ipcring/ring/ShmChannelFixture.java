package io.ipcring.ring;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.UriChannelFixture;
import io.ipcring.testsupport.TestPaths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link ChannelFixture}s of the four {@code shm:} kinds: a ring file of its own in the default
 * directory (16 KiB of data, messages up to {@value #MAX_MESSAGE} bytes), opened by URI on both
 * sides and deleted by the fixture's close. A ring outlives its endpoints, so neither side's
 * close is reported to the other ({@link PeerClose#UNNOTICED}).
 */
public final class ShmChannelFixture {
    /** The kinds of {@code shm:} URIs, with the parameters each accepts. */
    public enum Kind {
        /** One publisher, one subscriber. */
        SPSC("the consumer has not read", "kind", "capacity", "maxMessage", "wait", "access"),
        /** Many publishers, one subscriber. */
        MPSC("the consumer has not read", "kind", "capacity", "maxMessage", "producers", "claimTimeoutMs", "wait",
                "access"),
        /** Every subscriber gets every message. */
        BROADCAST("the slowest live subscriber has not read", "kind", "capacity", "maxMessage", "producers", "subscribers",
                "livenessTimeoutMs", "subscriber", "start", "wait", "access"),
        /** Each message goes to one consumer. */
        WORKQUEUE("no consumer has taken", "kind", "capacity", "maxMessage", "producers", "consumers", "maxMessages", "wait",
                "access");

        private final String unread;
        private final Set<String> parameters;

        Kind(String unread, String... parameters) {
            this.unread = unread;
            this.parameters = Set.of(parameters);
        }
    }

    /** The largest payload of the fixtures' rings. */
    static final int MAX_MESSAGE = 2000;

    private ShmChannelFixture() {
    }

    /**
     * @param kind the ring kind
     * @return a fixture with a ring file of its own
     */
    public static ChannelFixture of(Kind kind) {
        TestPaths files = new TestPaths();
        String name = kind.name().toLowerCase(Locale.ROOT);
        String base = "shm:/" + files.next("contract-" + name).getFileName();
        // a broadcast subscriber that polls nothing for 60 s is released; no test here waits that long
        String uri = base + "?kind=" + name + "&capacity=16k&maxMessage=" + MAX_MESSAGE
                + (kind == Kind.BROADCAST ? "&livenessTimeoutMs=60000" : "");
        String subscriberUri = kind == Kind.BROADCAST ? uri + "&subscriber=contract" : uri;
        ChannelCapabilities capabilities = new ChannelCapabilities(MAX_MESSAGE,
                "16 KiB of records (8-byte header + payload, 8-aligned) " + kind.unread, PeerClose.UNNOTICED, PeerClose.UNNOTICED);
        return new UriChannelFixture(capabilities, uri, subscriberUri, kind.parameters, kind.parameters,
                badUris(kind, base), files);
    }

    private static Map<String, String> badUris(Kind kind, String base) {
        String kindParameter = "?kind=" + kind.name().toLowerCase(Locale.ROOT)
                + (kind == Kind.BROADCAST ? "&subscriber=contract" : "");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(base + "?kind=fanout", "unknown kind=fanout (expected spsc, mpsc, broadcast or workqueue)");
        bad.put("shm:/" + kindParameter, "names no ring (expected shm:/name)");
        bad.put(base + kindParameter + "&capacity=1000", "capacity=1000");
        bad.put(base + kindParameter + "&maxMessage=lots", "maxMessage");
        bad.put(base + kindParameter + "&wait=nap", "unknown wait=nap (expected spin, yield, backoff or block)");
        return bad;
    }
}
