package io.ipcring.ring.unicast;

import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import java.nio.file.Path;

/** {@link BatchContractTest} against {@link SpscRing}: the batch calls of {@link SpscProducer}. */
class SpscBatchTest extends BatchContractTest<SpscRing> {
    @Override
    SpscRing create(Path path, UnicastRingOptions options) {
        return SpscRing.create(path, options);
    }

    @Override
    RingProducer producer(SpscRing ring) {
        return ring.producer();
    }

    @Override
    RingConsumer consumer(SpscRing ring) {
        return ring.consumer();
    }

    @Override
    UnicastRingStats stats(SpscRing ring) {
        return ring.stats();
    }

    @Override
    int dataOffset() {
        return RingDescriptor.dataOffset(0, 0);
    }
}
