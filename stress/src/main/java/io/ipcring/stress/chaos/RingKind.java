package io.ipcring.stress.chaos;

import io.ipcring.ring.MpscRing;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingOptions;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.SpscRing;
import java.nio.file.Path;

/** The rings the chaos run drives, opened through their public API. */
enum RingKind {
    /** {@link SpscRing}: one producer. */
    SPSC,
    /** {@link MpscRing}: several producers. */
    MPSC;

    /** An opened ring: close it last. */
    interface Opened extends AutoCloseable {
        RingProducer producer();

        RingConsumer consumer();

        @Override
        void close();
    }

    /**
     * @param path    the ring file
     * @param options geometry and wait strategy
     * @return the ring, created
     */
    Opened create(Path path, RingOptions options) {
        return this == SPSC ? wrap(SpscRing.create(path, options)) : wrap(MpscRing.create(path, options));
    }

    /**
     * @param path    the ring file
     * @param options the wait strategy
     * @return the ring, opened
     */
    Opened open(Path path, RingOptions options) {
        return this == SPSC ? wrap(SpscRing.open(path, options)) : wrap(MpscRing.open(path, options));
    }

    private static Opened wrap(SpscRing ring) {
        return new Opened() {
            @Override
            public RingProducer producer() {
                return ring.producer();
            }

            @Override
            public RingConsumer consumer() {
                return ring.consumer();
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
            public RingProducer producer() {
                return ring.producer();
            }

            @Override
            public RingConsumer consumer() {
                return ring.consumer();
            }

            @Override
            public void close() {
                ring.close();
            }
        };
    }
}
