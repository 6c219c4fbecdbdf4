/**
 * The single-consumer rings: {@link io.ipcring.ring.unicast.SpscRing} (one producer, one
 * consumer, wait-free) and {@link io.ipcring.ring.unicast.MpscRing} (many producers with
 * lock-free claims, one consumer), over a file laid out as
 * {@link io.ipcring.ring.unicast.RingDescriptor} draws it. Producers write in place
 * ({@code tryClaim}/{@code commit}) or copy ({@code offer}); the consumer reads in place
 * ({@code poll}). Back-pressure returns at once; the blocking variants wait with a
 * {@link io.ipcring.ring.WaitStrategy}. The consumer's position lives in the file: see
 * {@link io.ipcring.ring.RingConsumer} for the delivery guarantee.
 * {@link io.ipcring.ring.unicast.RingInspector} reads a ring through a read-only mapping;
 * {@link io.ipcring.ring.ShmChannelProvider} opens these rings for {@code shm:} URIs of kind
 * {@code spsc} and {@code mpsc} through {@code openProducer} and {@code openConsumer}.
 *
 * <p>The producer and consumer classes take a {@code RingFile} and can be driven directly over
 * any mapping by concurrency tests in this package.
 */
package io.ipcring.ring.unicast;
