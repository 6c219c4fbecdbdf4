package io.ipcring.ring;

import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code shm:} scheme: shared-memory rings, created on first use and opened afterwards.
 *
 * <pre>
 * shm:/orders?kind=mpsc&amp;capacity=1m&amp;maxMessage=4k&amp;slots=8&amp;wait=spin
 * </pre>
 *
 * <p>Target: {@code /name} or {@code name} (one path component) is a file in
 * {@link SharedRegion#defaultDirectory()}, like POSIX {@code shm_open}; a path with several
 * components ({@code /tmp/rings/orders}) is used as it is. Parameters:
 * <ul>
 *   <li>{@code kind} = {@code spsc} (default) | {@code mpsc} | {@code broadcast} |
 *       {@code workqueue}; the last two are served by {@link FanoutChannels} with their own
 *       parameters;</li>
 *   <li>{@code capacity}, {@code maxMessage}: sizes with optional k/m/g suffix; used when
 *       creating, checked against an existing ring when given;</li>
 *   <li>{@code slots}: producer slots of an MPSC ring; {@code claimTimeoutMs}: the opt-in
 *       stuck-claim timeout (see {@link RingOptions#stuckClaimTimeout});</li>
 *   <li>{@code wait} = {@code spin} | {@code yield} | {@code backoff} | {@code block} (default):
 *       how blocking calls wait;</li>
 *   <li>{@code access} = {@code owner} (default) | {@code group}: the mode of a file created.</li>
 * </ul>
 * The values of {@code kind}, {@code wait}, {@code access} (and {@code start}) are read in any
 * case: {@code kind=MPSC} is {@code kind=mpsc}.
 * Any other parameter is rejected. Closing the publisher or subscriber detaches it and unmaps
 * the ring; the file stays.
 */
public final class ShmChannelProvider implements ChannelProvider {
    /** The scheme served. */
    public static final String SCHEME = "shm";
    /** The {@code kind} values of {@code shm:} URIs, in the order error messages list them. */
    static final List<String> KINDS = List.of("spsc", "mpsc", "broadcast", "workqueue");
    private static final Set<String> PARAMETERS =
            Set.of("kind", "capacity", "maxMessage", "slots", "claimTimeoutMs", "wait", "access");

    /** Used by {@link java.util.ServiceLoader}. */
    public ShmChannelProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Publisher publisher(ChannelUri uri) {
        if (FanoutChannels.handles(uri)) {
            return FanoutChannels.publisher(uri);
        }
        Path path = path(uri);
        RingOptions options = options(uri);
        if (mpsc(uri)) {
            MpscRing ring = MpscRing.openOrCreate(path, options);
            return attach(ring, () -> ring.producer(uri.toString(), role -> ring.close()));
        }
        SpscRing ring = SpscRing.openOrCreate(path, options);
        return attach(ring, () -> ring.producer(uri.toString(), role -> ring.close()));
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        if (FanoutChannels.handles(uri)) {
            return FanoutChannels.subscriber(uri);
        }
        Path path = path(uri);
        RingOptions options = options(uri);
        if (mpsc(uri)) {
            MpscRing ring = MpscRing.openOrCreate(path, options);
            return attach(ring, () -> ring.consumer(uri.toString(), role -> ring.close()));
        }
        SpscRing ring = SpscRing.openOrCreate(path, options);
        return attach(ring, () -> ring.consumer(uri.toString(), role -> ring.close()));
    }

    private static <T> T attach(AutoCloseable ring, java.util.function.Supplier<T> role) {
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

    /**
     * Resolves a URI's target to the ring's file, for every {@code shm:} kind: {@code name} or
     * {@code /name} without further slashes is a file in {@link SharedRegion#defaultDirectory()}
     * (as {@code shm_open} names), any other target a file path.
     *
     * @param uri a {@code shm:} URI
     * @return the file
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

    private static boolean mpsc(ChannelUri uri) {
        return uri.choice("kind", "spsc", KINDS).equals("mpsc");
    }

    private static RingOptions options(ChannelUri uri) {
        uri.requireOnly(PARAMETERS);
        RingOptions options = RingOptions.defaults();
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
