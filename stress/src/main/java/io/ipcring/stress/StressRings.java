package io.ipcring.stress;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real rings for jcstress states, leased from a pool. Creating a ring file costs a few hundred
 * microseconds, far more than a jcstress sample, so rings are reused: a state leases a ring
 * (an idle one, or a new one when none is idle), moves it to the data index it needs through the
 * public API (drain, then send and consume filler records), and its {@code @Arbiter} releases it
 * once both actors are done, so a ring is never shared by two live states. Ring files are created
 * in /dev/shm and deleted right after they are mapped: nothing is left behind however the JVM
 * ends.
 */
public final class StressRings {
    /** Data capacity of every stress ring: the smallest, so wrap-around comes fast. */
    public static final int CAPACITY = 256;
    /** Largest payload of every stress ring: capacity / 8. */
    public static final int MAX_MESSAGE = CAPACITY / 8;

    private static final int HEADER = 8;
    private static final AtomicLong NEXT = new AtomicLong();
    private static final UnicastRingOptions OPTIONS = UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_MESSAGE)
            .producerSlots(4).waitStrategy(WaitStrategy.BUSY_SPIN);
    private static final Queue<Lease> IDLE_SPSC = new ConcurrentLinkedQueue<>();
    private static final Queue<Lease> IDLE_MPSC = new ConcurrentLinkedQueue<>();
    private static final MessageHandler IGNORE = (type, buffer, offset, length) -> { };
    private static final byte[] FILLER = new byte[MAX_MESSAGE];
    private static final int ANYWHERE = -1;

    private StressRings() {
    }

    /** @return an empty SPSC ring, its next record starting wherever the last lease left it */
    public static Lease spsc() {
        return spsc(ANYWHERE);
    }

    /** @return an empty MPSC ring with two producers, its next record starting wherever the last lease left it */
    public static Lease mpsc() {
        return mpsc(ANYWHERE);
    }

    /**
     * @param index where the next record must start in the data region, a multiple of 8 below
     *              {@link #CAPACITY}
     * @return an empty SPSC ring whose next record starts at {@code index}
     */
    public static Lease spsc(int index) {
        Lease lease = IDLE_SPSC.poll();
        if (lease == null) {
            Path path = nextPath();
            SpscRing ring = SpscRing.create(path, OPTIONS);
            SharedRegion.delete(path);
            lease = new Lease(IDLE_SPSC, ring.producer(), null, ring.consumer());
        }
        return lease.moveTo(index);
    }

    /**
     * @param index where the next record must start in the data region, a multiple of 8 below
     *              {@link #CAPACITY}
     * @return an empty MPSC ring with two producers whose next record starts at {@code index}
     */
    public static Lease mpsc(int index) {
        Lease lease = IDLE_MPSC.poll();
        if (lease == null) {
            Path path = nextPath();
            MpscRing ring = MpscRing.create(path, OPTIONS);
            SharedRegion.delete(path);
            lease = new Lease(IDLE_MPSC, ring.producer(), ring.producer(), ring.consumer());
        }
        return lease.moveTo(index);
    }

    private static Path nextPath() {
        return Paths.get("/dev/shm", "ipcring-jcstress-ring-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet());
    }

    /** A ring leased by one jcstress state: its producers and consumer, used only by that state until released. */
    public static final class Lease {
        private final Queue<Lease> pool;
        private final RingProducer producer;
        private final RingProducer secondProducer;
        private final RingConsumer consumer;

        private Lease(Queue<Lease> pool, RingProducer producer, RingProducer secondProducer, RingConsumer consumer) {
            this.pool = pool;
            this.producer = producer;
            this.secondProducer = secondProducer;
            this.consumer = consumer;
        }

        /** @return the producer (the first one of an MPSC ring) */
        public RingProducer producer() {
            return producer;
        }

        /** @return the second producer of an MPSC ring */
        public RingProducer secondProducer() {
            if (secondProducer == null) {
                throw new IllegalStateException("an SPSC ring has one producer");
            }
            return secondProducer;
        }

        /** @return the consumer */
        public RingConsumer consumer() {
            return consumer;
        }

        /** Returns the ring to the pool. Only once both actors and the arbiter are done with it. */
        public void release() {
            pool.add(this);
        }

        private Lease moveTo(int index) {
            if (index != ANYWHERE && (index < 0 || index >= CAPACITY || index % HEADER != 0)) {
                throw new IllegalArgumentException("index=" + index + " must be a multiple of 8 in [0, " + CAPACITY + ")");
            }
            drain();
            if (index == ANYWHERE) {
                return this;
            }
            for (int step = 0; step < CAPACITY / HEADER; step++) {
                int current = (int) (consumer.position() & (CAPACITY - 1));
                if (current == index) {
                    return this;
                }
                int distance = (index - current) & (CAPACITY - 1);
                int record = Math.min(Math.min(distance, MAX_MESSAGE + HEADER), CAPACITY - current);
                if (!producer.offer(FILLER, 0, record - HEADER, 1)) {
                    throw new IllegalStateException("a filler record found no room in an empty stress ring");
                }
                drain();
            }
            throw new IllegalStateException("could not move a stress ring to index=" + index + "; it stands at "
                    + (consumer.position() & (CAPACITY - 1)));
        }

        private void drain() {
            for (int i = 0; i < CAPACITY && consumer.poll(IGNORE, CAPACITY) > 0; i++) {
                Thread.onSpinWait();
            }
        }
    }
}
