/**
 * The many-consumer rings, which share one producer side (ordered publication through producer
 * slots) and one subscriber registry:
 * <ul>
 *   <li>{@link io.ipcring.ring.fanout.BroadcastRing}: every message to every subscriber, each at
 *       its own pace, the slowest holding the producers back;</li>
 *   <li>{@link io.ipcring.ring.fanout.WorkQueueRing}: each message to exactly one of many
 *       consumers, with a dead consumer's message adopted by another;</li>
 *   <li>{@link io.ipcring.ring.fanout.RingQueue}: a {@link java.util.concurrent.BlockingQueue}
 *       across processes over a work queue, with an {@link io.ipcring.ring.fanout.ElementCodec}
 *       turning elements into bytes.</li>
 * </ul>
 * {@link io.ipcring.ring.fanout.BroadcastInspector} and
 * {@link io.ipcring.ring.fanout.WorkQueueInspector} read these rings through a read-only
 * mapping; {@link io.ipcring.ring.ShmChannelProvider} opens them for {@code shm:} URIs of
 * kind {@code broadcast} and {@code workqueue} through {@code openPublisher},
 * {@code openSubscriber} and {@code openConsumer}.
 */
package io.ipcring.ring.fanout;
