package io.ipcring.ring;

import io.ipcring.channel.ChannelUri;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * An {@code shm:} channel URI parsed and validated: the one place every parameter of every
 * {@code shm:} kind is read, for {@link ShmChannelProvider} (whose Javadoc has the table).
 * Parsing checks the kind and that every parameter is one that kind reads; each value is
 * checked when it is read.
 */
final class ShmUri {
    /** The ring kinds of {@code shm:} URIs. */
    enum Kind {
        /** One producer, one consumer. */
        SPSC(List.of("kind", "capacity", "maxMessage", "wait", "access")),
        /** Many producers, one consumer. */
        MPSC(List.of("kind", "capacity", "maxMessage", "producers", "claimTimeoutMs", "wait", "access")),
        /** Every subscriber gets every message. */
        BROADCAST(List.of("kind", "capacity", "maxMessage", "producers", "subscribers", "livenessTimeoutMs",
                "subscriber", "start", "wait", "access")),
        /** Each message goes to one consumer. */
        WORKQUEUE(List.of("kind", "capacity", "maxMessage", "producers", "consumers", "maxMessages", "wait",
                "access"));

        private final List<String> parameters;

        Kind(List<String> parameters) {
            this.parameters = parameters;
        }

        /** @return the parameters a URI of this kind may have, in the order messages list them */
        List<String> parameters() {
            return parameters;
        }

        /** @return the kind as a URI writes it */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ChannelUri uri;
    private final Kind kind;
    private final Path path;

    private ShmUri(ChannelUri uri, Kind kind, Path path) {
        this.uri = uri;
        this.kind = kind;
        this.path = path;
    }

    /**
     * @param uri a parsed URI of scheme {@code shm}
     * @return it, validated
     * @throws IllegalArgumentException naming the URI and what is wrong: an unknown kind (listing
     *                                  the kinds), a parameter the kind does not read (listing the
     *                                  ones it does), or no ring named
     */
    static ShmUri parse(ChannelUri uri) {
        Kind kind = Kind.valueOf(uri.choice("kind", "spsc", ShmChannelProvider.KINDS).toUpperCase(Locale.ROOT));
        for (String key : uri.parameters().keySet()) {
            if (!kind.parameters().contains(key)) {
                throw new IllegalArgumentException("channel URI '" + uri + "': unknown parameter '" + key + "' for kind="
                        + kind.word() + " (valid: " + String.join(", ", kind.parameters()) + ")");
            }
        }
        return new ShmUri(uri, kind, path(uri));
    }

    /**
     * @param uri a {@code shm:} URI
     * @return its ring file: {@code name} or {@code /name} without further slashes in
     *         {@link SharedRegion#defaultDirectory()}, any other target as a file path
     * @throws IllegalArgumentException when the target names no ring ({@code shm:/})
     */
    static Path path(ChannelUri uri) {
        String target = uri.target();
        String name = target.startsWith("/") ? target.substring(1) : target;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("channel URI '" + uri + "' names no ring (expected shm:/name)");
        }
        return name.indexOf('/') < 0 ? SharedRegion.defaultDirectory().resolve(name) : Paths.get(target);
    }

    /** @return the ring kind */
    Kind kind() {
        return kind;
    }

    /** @return the ring file */
    Path path() {
        return path;
    }

    /** @return the options of an spsc or mpsc URI: what is not given takes an existing file's value */
    UnicastRingOptions unicastOptions() {
        UnicastRingOptions options = UnicastRingOptions.defaults();
        if (has("capacity")) {
            options = options.capacity(intParameter("capacity"));
        }
        if (has("maxMessage")) {
            options = options.maxMessageLength(intParameter("maxMessage"));
        }
        if (has("producers")) {
            options = options.producerSlots(intParameter("producers"));
        }
        if (has("claimTimeoutMs")) {
            options = options.stuckClaimTimeout(uri.longParameter("claimTimeoutMs", 0), TimeUnit.MILLISECONDS);
        }
        return options.waitStrategy(waitStrategy()).access(access());
    }

    /** @return the options of a broadcast URI */
    BroadcastRingOptions broadcastOptions() {
        BroadcastRingOptions options = BroadcastRingOptions.defaults().access(access())
                .waitStrategy(waitStrategy());
        if (has("capacity")) {
            options = options.capacity(intParameter("capacity"));
        }
        if (has("maxMessage")) {
            options = options.maxMessageLength(intParameter("maxMessage"));
        }
        if (has("producers")) {
            options = options.producerSlots(intParameter("producers"));
        }
        if (has("subscribers")) {
            options = options.subscriberSlots(intParameter("subscribers"));
        }
        if (has("livenessTimeoutMs")) {
            options = options.livenessTimeout(uri.longParameter("livenessTimeoutMs", 0), TimeUnit.MILLISECONDS);
        }
        return options;
    }

    /** @return the options of a workqueue URI */
    WorkQueueRingOptions workQueueOptions() {
        WorkQueueRingOptions options = WorkQueueRingOptions.defaults().access(access())
                .waitStrategy(waitStrategy());
        if (has("capacity")) {
            options = options.capacity(intParameter("capacity"));
        }
        if (has("maxMessage")) {
            options = options.maxMessageLength(intParameter("maxMessage"));
        }
        if (has("producers")) {
            options = options.producerSlots(intParameter("producers"));
        }
        if (has("consumers")) {
            options = options.consumerSlots(intParameter("consumers"));
        }
        if (has("maxMessages")) {
            options = options.maxMessages(uri.longParameter("maxMessages", 0));
        }
        return options;
    }

    /**
     * @return the broadcast subscriber's name
     * @throws IllegalArgumentException when the URI has none
     */
    String subscriberName() {
        String name = uri.parameter("subscriber", null);
        if (name == null) {
            throw new IllegalArgumentException("channel URI '" + uri + "': a broadcast subscriber needs subscriber=NAME");
        }
        return name;
    }

    /** @return where a new broadcast subscriber starts, latest unless given */
    BroadcastRing.StartPosition start() {
        return BroadcastRing.StartPosition.valueOf(
                uri.choice("start", "latest", List.of("latest", "oldest")).toUpperCase(Locale.ROOT));
    }

    private boolean has(String key) {
        return uri.parameters().containsKey(key);
    }

    private WaitStrategy waitStrategy() {
        switch (uri.choice("wait", "block", List.of("spin", "yield", "backoff", "block"))) {
            case "spin":
                return WaitStrategy.BUSY_SPIN;
            case "yield":
                return WaitStrategy.YIELD;
            case "backoff":
                return WaitStrategy.BACKOFF;
            default:
                return WaitStrategy.BLOCKING;
        }
    }

    private RegionAccess access() {
        return uri.choice("access", "owner", List.of("owner", "group")).equals("owner")
                ? RegionAccess.OWNER : RegionAccess.OWNER_AND_GROUP;
    }

    /**
     * Reads a count or size, which the options check further.
     *
     * @throws IllegalArgumentException naming the parameter when it is not a number or does not fit an int
     */
    private int intParameter(String key) {
        long value = uri.longParameter(key, 0);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + key + "=" + value + " is out of range");
        }
        return (int) value;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
