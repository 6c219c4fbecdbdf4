package io.ipcring.ring.unicast;

import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import java.nio.file.Path;

class MpscRingTest extends RingContractTest<MpscRing> {
    @Override
    MpscRing create(Path path, UnicastRingOptions options) {
        return MpscRing.create(path, options);
    }

    @Override
    MpscRing open(Path path, UnicastRingOptions options) {
        return MpscRing.open(path, options);
    }

    @Override
    RingProducer producer(MpscRing ring) {
        return ring.producer();
    }

    @Override
    RingConsumer consumer(MpscRing ring) {
        return ring.consumer();
    }

    @Override
    UnicastRingStats stats(MpscRing ring) {
        return ring.stats();
    }

    @Override
    Path path(MpscRing ring) {
        return ring.path();
    }
}
