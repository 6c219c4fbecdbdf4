package io.ipcring.stress.chaos;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import java.nio.file.Path;

/** The rings the chaos run drives, opened through their public API. */
enum RingKind {
    /** {@link SpscRing}: one producer, one consumer; acknowledged by batch. */
    SPSC,
    /** {@link MpscRing}: several producers, one consumer; acknowledged by batch. */
    MPSC,
    /** {@link WorkQueueRing}: several producers, several consumers; each message done on its own. */
    WORK_QUEUE;

    /** Data capacity of the chaos rings. */
    static final int CAPACITY = 64 * 1024;
    /** Largest payload of the chaos rings. */
    static final int MAX_MESSAGE = 1024;

    /** An opened ring: close it last. */
    interface Opened extends AutoCloseable {
        /** @return a new publisher; a {@code RingProducer} (claim in place) for SPSC and MPSC */
        Publisher publisher();

        /** @return a new consumer */
        Subscriber consumer();

        /** @return true when no committed message is left to deliver, as far as the ring keeps count */
        boolean drained();

        @Override
        void close();
    }

    /**
     * @param path      the ring file
     * @param producers producer roles, to size the slot tables
     * @param consumers consumer roles
     * @return the ring, created
     */
    Opened create(Path path, int producers, int consumers) {
        int slots = 2 * (producers + consumers) + 2;
        switch (this) {
            case SPSC:
                return wrap(SpscRing.create(path, options()));
            case MPSC:
                return wrap(MpscRing.create(path, options().producerSlots(slots)));
            default:
                return wrap(WorkQueueRing.create(path, WorkQueueRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_MESSAGE)
                        .producerSlots(slots).consumerSlots(slots)));
        }
    }

    /**
     * @param path the ring file
     * @return the ring, opened, with blocking waits
     */
    Opened open(Path path) {
        switch (this) {
            case SPSC:
                return wrap(SpscRing.open(path, UnicastRingOptions.defaults().waitStrategy(WaitStrategy.BLOCKING)));
            case MPSC:
                return wrap(MpscRing.open(path, UnicastRingOptions.defaults().waitStrategy(WaitStrategy.BLOCKING)));
            default:
                return wrap(WorkQueueRing.open(path));
        }
    }

    /** @return true when a consumer acknowledges a whole poll batch at once (SPSC, MPSC) */
    boolean acknowledgesBatches() {
        return this != WORK_QUEUE;
    }

    private static UnicastRingOptions options() {
        return UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_MESSAGE);
    }

    private static Opened wrap(SpscRing ring) {
        return new Opened() {
            @Override
            public Publisher publisher() {
                return ring.producer();
            }

            @Override
            public Subscriber consumer() {
                return ring.consumer();
            }

            @Override
            public boolean drained() {
                return true;
            }

            @Override
            public void close() {
                ring.close();
            }
        };
    }

    private static Opened wrap(MpscRing ring) {
        return new Opened() {
            @Override
            public Publisher publisher() {
                return ring.producer();
            }

            @Override
            public Subscriber consumer() {
                return ring.consumer();
            }

            @Override
            public boolean drained() {
                return true;
            }

            @Override
            public void close() {
                ring.close();
            }
        };
    }

    private static Opened wrap(WorkQueueRing ring) {
        return new Opened() {
            @Override
            public Publisher publisher() {
                return ring.publisher();
            }

            @Override
            public Subscriber consumer() {
                return ring.consumer();
            }

            @Override
            public boolean drained() {
                return ring.size() == 0;
            }

            @Override
            public void close() {
                ring.close();
            }
        };
    }
}
