package io.ipcring.ring;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.FanoutChannels;
import io.ipcring.ring.unicast.UnicastChannels;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

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
 *       {@code workqueue}; the first two are opened by {@link UnicastChannels}, the last two by
 *       {@link FanoutChannels} with their own parameters;</li>
 *   <li>{@code capacity}, {@code maxMessage}: sizes with optional k/m/g suffix; used when
 *       creating, checked against an existing ring when given;</li>
 *   <li>{@code slots}: producer slots of an MPSC ring; {@code claimTimeoutMs}: the opt-in
 *       stuck-claim timeout (see {@link UnicastRingOptions#stuckClaimTimeout});</li>
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
    public static final List<String> KINDS = List.of("spsc", "mpsc", "broadcast", "workqueue");

    /** Used by {@link java.util.ServiceLoader}. */
    public ShmChannelProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Publisher publisher(ChannelUri uri) {
        return FanoutChannels.handles(uri) ? FanoutChannels.publisher(uri) : UnicastChannels.publisher(uri);
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        return FanoutChannels.handles(uri) ? FanoutChannels.subscriber(uri) : UnicastChannels.subscriber(uri);
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
    public static Path path(ChannelUri uri) {
        String target = uri.target();
        String name = target.startsWith("/") ? target.substring(1) : target;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("channel URI '" + uri + "' names no ring (expected shm:/name)");
        }
        return name.indexOf('/') < 0 ? SharedRegion.defaultDirectory().resolve(name) : Paths.get(target);
    }
}
