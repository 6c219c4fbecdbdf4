package io.ipcring.ring.unicast;

import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.ShmChannelProvider;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.RegionAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Opens the single-consumer rings from {@code shm:} channel URIs of kind {@code spsc} (the
 * default) and {@code mpsc}, for {@link ShmChannelProvider}, which documents the parameters. The
 * ring is created with the URI's options when missing; closing the publisher or subscriber
 * detaches it and unmaps the ring.
 */
public final class UnicastChannels {
    private static final Set<String> PARAMETERS =
            Set.of("kind", "capacity", "maxMessage", "slots", "claimTimeoutMs", "wait", "access");

    private UnicastChannels() {
    }

    /**
     * @param uri an {@code shm:} URI of kind spsc or mpsc
     * @return the ring's producer, which closes the ring when it is closed
     */
    public static Publisher publisher(ChannelUri uri) {
        Path path = ShmChannelProvider.path(uri);
        UnicastRingOptions options = options(uri);
        if (mpsc(uri)) {
            MpscRing ring = MpscRing.openOrCreate(path, options);
            return attach(ring, () -> ring.producer(uri.toString(), role -> ring.close()));
        }
        SpscRing ring = SpscRing.openOrCreate(path, options);
        return attach(ring, () -> ring.producer(uri.toString(), role -> ring.close()));
    }

    /**
     * @param uri an {@code shm:} URI of kind spsc or mpsc
     * @return the ring's consumer, which closes the ring when it is closed
     */
    public static Subscriber subscriber(ChannelUri uri) {
        Path path = ShmChannelProvider.path(uri);
        UnicastRingOptions options = options(uri);
        if (mpsc(uri)) {
            MpscRing ring = MpscRing.openOrCreate(path, options);
            return attach(ring, () -> ring.consumer(uri.toString(), role -> ring.close()));
        }
        SpscRing ring = SpscRing.openOrCreate(path, options);
        return attach(ring, () -> ring.consumer(uri.toString(), role -> ring.close()));
    }

    private static <T> T attach(AutoCloseable ring, Supplier<T> role) {
        try {
            return role.get();
        } catch (RuntimeException e) {
            try {
                ring.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static boolean mpsc(ChannelUri uri) {
        return uri.choice("kind", "spsc", ShmChannelProvider.KINDS).equals("mpsc");
    }

    private static UnicastRingOptions options(ChannelUri uri) {
        uri.requireOnly(PARAMETERS);
        UnicastRingOptions options = UnicastRingOptions.defaults();
        if (uri.parameters().containsKey("capacity")) {
            options = options.capacity(intParameter(uri, "capacity"));
        }
        if (uri.parameters().containsKey("maxMessage")) {
            options = options.maxMessageLength(intParameter(uri, "maxMessage"));
        }
        if (uri.parameters().containsKey("slots")) {
            options = options.producerSlots(intParameter(uri, "slots"));
        }
        if (uri.parameters().containsKey("claimTimeoutMs")) {
            options = options.stuckClaimTimeout(uri.longParameter("claimTimeoutMs", 0), TimeUnit.MILLISECONDS);
        }
        options = options.waitStrategy(waitStrategy(uri));
        String access = uri.choice("access", "owner", List.of("owner", "group"));
        return options.access(access.equals("owner") ? RegionAccess.OWNER : RegionAccess.OWNER_AND_GROUP);
    }

    private static WaitStrategy waitStrategy(ChannelUri uri) {
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

    private static int intParameter(ChannelUri uri, String key) {
        long value = uri.longParameter(key, 0);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + key + "=" + value + " is out of range");
        }
        return (int) value;
    }
}
