package io.ipcring.ring;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code shm:} scheme: shared-memory rings of every family, created on first use and opened
 * afterwards.
 *
 * <pre>
 * shm:/orders?kind=mpsc&amp;capacity=1m&amp;maxMessage=4k&amp;producers=8&amp;wait=spin
 * shm:/prices?kind=broadcast&amp;subscriber=risk&amp;start=oldest
 * </pre>
 *
 * <p>Target: {@code /name} or {@code name} (one path component) is a file in
 * {@link SharedRegion#defaultDirectory()}, like POSIX {@code shm_open}; a path with several
 * components ({@code /tmp/rings/orders}) is used as it is. Parameters, each read by the kinds
 * marked (any other parameter is rejected, naming the ones the kind reads):
 * <table>
 *   <caption>{@code shm:} parameters</caption>
 *   <tr><th>parameter</th><th>spsc</th><th>mpsc</th><th>broadcast</th><th>workqueue</th><th>meaning</th></tr>
 *   <tr><td>{@code kind}</td><td>default</td><td>x</td><td>x</td><td>x</td>
 *       <td>{@code spsc} | {@code mpsc} | {@code broadcast} | {@code workqueue}</td></tr>
 *   <tr><td>{@code capacity}</td><td>x</td><td>x</td><td>x</td><td>x</td>
 *       <td>data bytes, a power of two, k/m/g suffixes (default 1m)</td></tr>
 *   <tr><td>{@code maxMessage}</td><td>x</td><td>x</td><td>x</td><td>x</td>
 *       <td>the largest payload (default: the largest the capacity allows)</td></tr>
 *   <tr><td>{@code producers}</td><td></td><td>x</td><td>x</td><td>x</td>
 *       <td>producer slots: how many publishers may be open at once (default 16)</td></tr>
 *   <tr><td>{@code subscribers}</td><td></td><td></td><td>x</td><td></td>
 *       <td>subscriber slots (default 16)</td></tr>
 *   <tr><td>{@code consumers}</td><td></td><td></td><td></td><td>x</td>
 *       <td>consumer slots (default 16)</td></tr>
 *   <tr><td>{@code claimTimeoutMs}</td><td></td><td>x</td><td></td><td></td>
 *       <td>the opt-in stuck-claim timeout, see
 *       {@link io.ipcring.ring.unicast.UnicastRingOptions#stuckClaimTimeout}</td></tr>
 *   <tr><td>{@code livenessTimeoutMs}</td><td></td><td></td><td>x</td><td></td>
 *       <td>how long a subscriber holding the producers back may go without polling (default 5000)</td></tr>
 *   <tr><td>{@code maxMessages}</td><td></td><td></td><td></td><td>x</td>
 *       <td>the most messages the queue holds, 0 for as many as fit (default)</td></tr>
 *   <tr><td>{@code subscriber}</td><td></td><td></td><td>x</td><td></td>
 *       <td>the subscriber's name: required to subscribe, ignored by a publisher</td></tr>
 *   <tr><td>{@code start}</td><td></td><td></td><td>x</td><td></td>
 *       <td>{@code latest} (default) | {@code oldest}: where a new subscriber starts</td></tr>
 *   <tr><td>{@code wait}</td><td>x</td><td>x</td><td>x</td><td>x</td>
 *       <td>{@code spin} | {@code yield} | {@code backoff} | {@code block} (default): how blocking calls wait</td></tr>
 *   <tr><td>{@code access}</td><td>x</td><td>x</td><td>x</td><td>x</td>
 *       <td>{@code owner} (default) | {@code group}: the mode of a file created</td></tr>
 * </table>
 * The values of {@code kind}, {@code start}, {@code wait} and {@code access} are read in any
 * case: {@code kind=MPSC} is {@code kind=mpsc}. The shape ({@code capacity} to
 * {@code maxMessages}) is used when creating the ring; an spsc or mpsc ring checks the values
 * given against an existing file and takes the others from it, a broadcast or work-queue ring
 * must match them all (but a broadcast ring keeps its liveness timeout). Closing the publisher
 * or subscriber detaches it and unmaps the ring; the file stays.
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
        ShmUri shm = ShmUri.parse(uri);
        switch (shm.kind()) {
            case SPSC:
                return named(shm, () -> SpscRing.openProducer(shm.path(), shm.unicastOptions()));
            case MPSC:
                return named(shm, () -> MpscRing.openProducer(shm.path(), shm.unicastOptions()));
            case BROADCAST:
                return named(shm, () -> BroadcastRing.openPublisher(shm.path(), shm.broadcastOptions()));
            default:
                return named(shm, () -> WorkQueueRing.openPublisher(shm.path(), shm.workQueueOptions()));
        }
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        ShmUri shm = ShmUri.parse(uri);
        switch (shm.kind()) {
            case SPSC:
                return named(shm, () -> SpscRing.openConsumer(shm.path(), shm.unicastOptions()));
            case MPSC:
                return named(shm, () -> MpscRing.openConsumer(shm.path(), shm.unicastOptions()));
            case BROADCAST:
                return named(shm, () -> BroadcastRing.openSubscriber(shm.path(), shm.broadcastOptions(),
                        shm.subscriberName(), shm.start()));
            default:
                return named(shm, () -> WorkQueueRing.openConsumer(shm.path(), shm.workQueueOptions()));
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
    public static Path path(ChannelUri uri) {
        return ShmUri.path(uri);
    }

    /** Opens an endpoint; a value an option or ring rejects is reported with the URI it came from. */
    private static <T> T named(ShmUri uri, Supplier<T> open) {
        try {
            return open.get();
        } catch (IllegalArgumentException e) {
            String prefix = "channel URI '" + uri + "'";
            throw e.getMessage() != null && e.getMessage().startsWith(prefix) ? e
                    : new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
        }
    }
}
