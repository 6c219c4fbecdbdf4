package io.ipcring.ring.unicast;

import io.ipcring.sync.MappedMemory;

/**
 * A snapshot of an SPSC or MPSC ring's statistics counters, read from the file (any process, read-only
 * mappings included). Each counter is read atomically; the snapshot as a whole is not, so
 * counters may be a few events apart.
 *
 * @param messages            messages delivered to the consumer (an SPSC or MPSC consumer stores its
 *                            counts every 64 batches, when a poll finds nothing and at close:
 *                            while it streams they may trail by up to 63 batches, and a killed
 *                            one's last uncounted batches are never counted)
 * @param bytes               payload bytes delivered to the consumer
 * @param fullEvents          claims or offers that found the ring full (back-pressure)
 * @param consumerSleeps      futex sleeps of the consumer waiting for messages
 * @param producerSleeps      futex sleeps of producers waiting for room
 * @param consumerWakes       futex wakes issued by producers to the consumer
 * @param producerWakes       futex wakes issued by the consumer to producers
 * @param deadProducerRepairs claims of dead producers turned into padding (MPSC)
 * @param timeoutRepairs      claims turned into padding after the stuck-claim timeout (MPSC)
 */
public record UnicastRingStats(long messages, long bytes, long fullEvents, long consumerSleeps, long producerSleeps,
                        long consumerWakes, long producerWakes, long deadProducerRepairs, long timeoutRepairs) {

    /**
     * Reads the counters of a ring.
     *
     * @param memory the ring file's mapping (read-only is fine)
     * @return the snapshot
     */
    static UnicastRingStats read(MappedMemory memory) {
        // Volatile loads: each counter is written by a release store or an atomic add.
        return new UnicastRingStats(
                memory.getLongVolatile(RingDescriptor.MESSAGES_OFFSET),
                memory.getLongVolatile(RingDescriptor.BYTES_OFFSET),
                memory.getLongVolatile(RingDescriptor.FULL_EVENTS_OFFSET),
                memory.getLongVolatile(RingDescriptor.CONSUMER_SLEEPS_OFFSET),
                memory.getLongVolatile(RingDescriptor.PRODUCER_SLEEPS_OFFSET),
                memory.getLongVolatile(RingDescriptor.CONSUMER_WAKES_OFFSET),
                memory.getLongVolatile(RingDescriptor.PRODUCER_WAKES_OFFSET),
                memory.getLongVolatile(RingDescriptor.DEAD_PRODUCER_REPAIRS_OFFSET),
                memory.getLongVolatile(RingDescriptor.TIMEOUT_REPAIRS_OFFSET));
    }
}
