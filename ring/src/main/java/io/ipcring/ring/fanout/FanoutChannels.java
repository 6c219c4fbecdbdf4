package io.ipcring.ring.fanout;

import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.ShmChannelProvider;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Opens the fan-out rings from {@code shm:} channel URIs, for the {@code shm} provider:
 * <ul>
 *   <li>{@code shm:/name?kind=broadcast[&capacity=1m][&maxMessage=n][&producers=16]
 *       [&subscribers=16][&livenessTimeoutMs=5000][&subscriber=NAME][&start=latest|oldest]}
 *       ({@code subscriber} is required for a subscriber; {@code start} defaults to latest);</li>
 *   <li>{@code shm:/name?kind=workqueue[&capacity=1m][&maxMessage=n][&producers=16]
 *       [&consumers=16][&maxMessages=0]}.</li>
 * </ul>
 * The target resolves as for every {@code shm:} kind: {@code name} or {@code /name} without
 * further slashes names a file in {@link SharedRegion#defaultDirectory()}; any other target is a
 * file path. The ring is created
 * with these options when missing; an existing ring must have the same shape.
 */
public final class FanoutChannels {
    /** The {@code kind} values served here. */
    public static final Set<String> KINDS = Set.of("broadcast", "workqueue");
    /** The default data capacity. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private static final Set<String> BROADCAST_PARAMETERS = Set.of("kind", "capacity", "maxMessage", "producers",
            "subscribers", "livenessTimeoutMs", "subscriber", "start");
    private static final Set<String> WORK_QUEUE_PARAMETERS = Set.of("kind", "capacity", "maxMessage", "producers",
            "consumers", "maxMessages");

    private FanoutChannels() {
    }

    /**
     * @param uri a parsed URI
     * @return true when it is an {@code shm:} URI whose kind is one of {@link #KINDS}, in any case
     */
    public static boolean handles(ChannelUri uri) {
        return "shm".equals(uri.scheme()) && KINDS.contains(uri.parameter("kind", "").toLowerCase(Locale.ROOT));
    }

    /**
     * @param uri an {@code shm:} URI of kind broadcast or workqueue
     * @return a publisher on that ring
     */
    public static Publisher publisher(ChannelUri uri) {
        if (isBroadcast(uri)) {
            return BroadcastRing.openPublisher(path(uri), broadcastOptions(uri));
        }
        return WorkQueueRing.openPublisher(path(uri), workQueueOptions(uri));
    }

    /**
     * @param uri an {@code shm:} URI of kind broadcast (with {@code subscriber=NAME}) or workqueue
     * @return a subscriber (broadcast) or consumer (work queue) on that ring
     */
    public static Subscriber subscriber(ChannelUri uri) {
        if (isBroadcast(uri)) {
            String name = uri.parameter("subscriber", null);
            if (name == null) {
                throw new IllegalArgumentException("channel URI '" + uri + "': a broadcast subscriber needs subscriber=NAME");
            }
            String start = uri.choice("start", "latest", List.of("latest", "oldest"));
            return BroadcastRing.openSubscriber(path(uri), broadcastOptions(uri), name,
                    BroadcastRing.StartPosition.valueOf(start.toUpperCase(Locale.ROOT)));
        }
        return WorkQueueRing.openConsumer(path(uri), workQueueOptions(uri));
    }

    private static boolean isBroadcast(ChannelUri uri) {
        if (!handles(uri)) {
            throw new IllegalArgumentException("channel URI '" + uri + "' is not shm: with kind=broadcast or kind=workqueue");
        }
        return uri.parameter("kind", "").equalsIgnoreCase("broadcast");
    }

    /** The one path rule of every {@code shm:} kind: {@link ShmChannelProvider#path}. */
    private static Path path(ChannelUri uri) {
        return ShmChannelProvider.path(uri);
    }

    private static BroadcastRingOptions broadcastOptions(ChannelUri uri) {
        uri.requireOnly(BROADCAST_PARAMETERS);
        BroadcastRingOptions options = BroadcastRingOptions.defaults().capacity(intParameter(uri, "capacity", DEFAULT_CAPACITY));
        if (uri.parameters().containsKey("maxMessage")) {
            options = options.maxMessageLength(intParameter(uri, "maxMessage", 0));
        }
        return options.producerSlots(intParameter(uri, "producers", BroadcastRingOptions.DEFAULT_SLOTS))
                .subscriberSlots(intParameter(uri, "subscribers", BroadcastRingOptions.DEFAULT_SLOTS))
                .livenessTimeout(uri.longParameter("livenessTimeoutMs",
                        TimeUnit.NANOSECONDS.toMillis(BroadcastRingOptions.DEFAULT_LIVENESS_TIMEOUT_NANOS)), TimeUnit.MILLISECONDS);
    }

    private static WorkQueueRingOptions workQueueOptions(ChannelUri uri) {
        uri.requireOnly(WORK_QUEUE_PARAMETERS);
        WorkQueueRingOptions options = WorkQueueRingOptions.defaults().capacity(intParameter(uri, "capacity", DEFAULT_CAPACITY));
        if (uri.parameters().containsKey("maxMessage")) {
            options = options.maxMessageLength(intParameter(uri, "maxMessage", 0));
        }
        return options.producerSlots(intParameter(uri, "producers", WorkQueueRingOptions.DEFAULT_SLOTS))
                .consumerSlots(intParameter(uri, "consumers", WorkQueueRingOptions.DEFAULT_SLOTS))
                .maxMessages(uri.longParameter("maxMessages", 0));
    }

    private static int intParameter(ChannelUri uri, String key, int defaultValue) {
        long value = uri.longParameter(key, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + key + "=" + value + " is out of range");
        }
        return (int) value;
    }
}
