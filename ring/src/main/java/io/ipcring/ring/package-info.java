/**
 * What every shared-memory ring family has in common: the {@code shm:} scheme
 * ({@link io.ipcring.ring.ShmChannelProvider}, which parses every {@code shm:} URI, resolves it
 * to a file and opens the family its {@code kind} names), the producer role with zero-copy claims
 * ({@link io.ipcring.ring.RingProducer}), the consumer role ({@link io.ipcring.ring.RingConsumer}),
 * how blocking calls wait ({@link io.ipcring.ring.WaitStrategy}), and the exceptions that report
 * a damaged or changed ring file.
 *
 * <p>The families live in sub-packages: {@code io.ipcring.ring.unicast} (SPSC and MPSC: every
 * message to the one consumer) and {@code io.ipcring.ring.fanout} (broadcast: every message to
 * every subscriber; work queue and {@code RingQueue}: each message to one of many consumers).
 * {@code io.ipcring.ring.internal} holds the endpoint machinery both families share; it is not
 * API.
 *
 * <p>Conventions of every ring package. Every value read from a mapping is untrusted: lengths,
 * types and positions are range-checked before use and a violation throws
 * {@link io.ipcring.ring.RingCorruptedException}; no loop runs longer than one lap of the ring.
 * Memory ordering is spelled in the accessor names of {@link io.ipcring.sync.MappedMemory}
 * ({@code getLongAcquire}, {@code putLongRelease}, {@code compareAndSetLong}), and each ordered
 * access carries a comment naming what it pairs with. Counters written often sit on their own
 * cache line; the owner of a line is the only writer of its plain fields.
 *
 * <p>One exception per situation, in every family: a ring file holding an impossible value is
 * {@link io.ipcring.ring.RingCorruptedException} ({@code FILE: corrupted ring: name=value});
 * no free slot for the producer, consumer, publisher or subscriber asked for is
 * {@link io.ipcring.ring.RingSlotsTakenException}; a file of another kind, or another layout
 * version, is {@link io.ipcring.sync.SharedMemoryException} with reason {@code WRONG_KIND} or
 * {@code UNSUPPORTED_VERSION}, whether a ring or an inspector opens it; a file truncated or
 * replaced while mapped is {@link io.ipcring.ring.RingFileChangedException}.
 */
package io.ipcring.ring;
