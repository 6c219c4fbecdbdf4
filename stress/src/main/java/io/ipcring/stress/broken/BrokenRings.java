package io.ipcring.stress.broken;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.unicast.RingDescriptor;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.stress.StressRings;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real SPSC ring files written by a {@link BrokenSpscProducer} and read by the real consumer,
 * leased to jcstress states from a pool like {@link StressRings} (released by the state's
 * arbiter). The broken producer writes through a second mapping of the same file, opened before
 * the file is deleted.
 */
final class BrokenRings {
    private static final AtomicLong NEXT = new AtomicLong();
    private static final UnicastRingOptions OPTIONS = UnicastRingOptions.defaults().capacity(StressRings.CAPACITY)
            .maxMessageLength(StressRings.MAX_MESSAGE).waitStrategy(WaitStrategy.BUSY_SPIN);
    private static final Map<BrokenSpscProducer.Mistake, Queue<Lease>> IDLE = idle();
    private static final MessageHandler IGNORE = (type, buffer, offset, length) -> { };

    private BrokenRings() {
    }

    /**
     * @param mistake the producer's mistake
     * @return an empty ring with a broken producer and the real consumer
     */
    static Lease lease(BrokenSpscProducer.Mistake mistake) {
        Lease lease = IDLE.get(mistake).poll();
        if (lease == null) {
            Path path = Paths.get("/dev/shm", "ipcring-jcstress-broken-" + ProcessHandle.current().pid() + "-"
                    + NEXT.incrementAndGet());
            SpscRing ring = SpscRing.create(path, OPTIONS);
            SharedRegion second = SharedRegion.open(path, RingDescriptor.SPSC_FORMAT);
            SharedRegion.delete(path);
            lease = new Lease(mistake, new BrokenSpscProducer(second.memory(), mistake), ring.consumer());
        }
        for (int i = 0; i < StressRings.CAPACITY && lease.consumer.poll(IGNORE, StressRings.CAPACITY) > 0; i++) {
            Thread.onSpinWait();
        }
        return lease;
    }

    private static Map<BrokenSpscProducer.Mistake, Queue<Lease>> idle() {
        Map<BrokenSpscProducer.Mistake, Queue<Lease>> idle = new EnumMap<>(BrokenSpscProducer.Mistake.class);
        for (BrokenSpscProducer.Mistake m : BrokenSpscProducer.Mistake.values()) {
            idle.put(m, new ConcurrentLinkedQueue<>());
        }
        return idle;
    }

    /** A leased ring: the broken producer and the real consumer. */
    static final class Lease {
        final BrokenSpscProducer producer;
        final RingConsumer consumer;
        private final BrokenSpscProducer.Mistake mistake;

        private Lease(BrokenSpscProducer.Mistake mistake, BrokenSpscProducer producer, RingConsumer consumer) {
            this.mistake = mistake;
            this.producer = producer;
            this.consumer = consumer;
        }

        /** Returns the ring to the pool once the state is done with it. */
        void release() {
            IDLE.get(mistake).add(this);
        }
    }
}
