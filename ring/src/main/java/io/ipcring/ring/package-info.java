/**
 * Shared-memory rings, the ipcring message format, and the channel API.
 *
 * <p>Rings: {@link io.ipcring.ring.SpscRing} (one producer, one consumer, wait-free) and
 * {@link io.ipcring.ring.MpscRing} (many producers, lock-free claims, one consumer), over a file
 * laid out as {@link io.ipcring.ring.RingDescriptor} draws it. Producers write in place
 * ({@link io.ipcring.ring.RingProducer#tryClaim} / {@code commit}) or copy
 * ({@code offer}); consumers read in place ({@code poll}). Back-pressure returns at once; the
 * blocking variants wait with a {@link io.ipcring.ring.WaitStrategy}. Consumer positions live
 * in the file: see {@link io.ipcring.ring.RingConsumer} for the delivery guarantee.
 *
 * <p>Conventions of this package. Every value read from a mapping is untrusted: lengths, types
 * and positions are range-checked before use and a violation throws
 * {@link io.ipcring.ring.RingCorruptedException}; no loop runs longer than one lap of the ring.
 * Memory ordering is spelled in the accessor names of {@link io.ipcring.sync.MappedMemory}
 * ({@code getLongAcquire}, {@code putLongRelease}, {@code compareAndSetLong}), and each
 * ordered access carries a comment naming what it pairs with. Counters written often sit on
 * their own 128-byte line; the owner of a line is the only writer of its plain fields. The
 * producer and consumer classes take a {@code RingFile} and can be driven directly over any
 * mapping by concurrency tests in this package.
 *
 * <p>Monitoring: {@link io.ipcring.ring.RingInspector}, {@link io.ipcring.ring.BroadcastInspector}
 * and {@link io.ipcring.ring.WorkQueueInspector} read any ring file through a read-only mapping
 * (no slot taken, nothing written), checking every value they read.
 *
 * <p>Channels: {@link io.ipcring.ring.Channels} opens publishers and subscribers by URI;
 * {@link io.ipcring.ring.ShmChannelProvider} serves {@code shm:}, other modules add schemes
 * through {@link io.ipcring.ring.ChannelProvider}.
 */
package io.ipcring.ring;
