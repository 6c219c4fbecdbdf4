package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpscRingTest extends RingContractTest<SpscRing> {
    @Override
    SpscRing create(Path path, RingOptions options) {
        return SpscRing.create(path, options);
    }

    @Override
    SpscRing open(Path path, RingOptions options) {
        return SpscRing.open(path, options);
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
    RingStats stats(SpscRing ring) {
        return ring.stats();
    }

    @Override
    Path path(SpscRing ring) {
        return ring.path();
    }

    @Test
    void oneLiveProducerAtATime() {
        try (SpscRing ring = small()) {
            RingProducer first = ring.producer();
            ChannelException e = assertThrows(ChannelException.class, ring::producer);
            assertTrue(e.getMessage().contains("producer is already attached"), e.getMessage());
            first.close();
            ring.producer().close();
        }
    }

    @Test
    void tailPastOneLapIsReportedAsCorruption() throws Exception {
        Path path = files.newPath("tail");
        try (SpscRing ring = SpscRing.create(path, RingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            ring.producer().offer(new byte[4], 0, 4, 1);
        }
        TestFiles.patchLong(path, RingDescriptor.TAIL_OFFSET, CAPACITY + 64);
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class, ring::consumer);
            assertTrue(e.getMessage().contains("tail=" + (CAPACITY + 64)), e.getMessage());
        }
    }

    @Test
    void recordLengthBeyondTheTailIsReportedAsCorruption() throws Exception {
        Path path = files.newPath("length");
        int dataOffset;
        try (SpscRing ring = SpscRing.create(path, RingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            ring.producer().offer(new byte[4], 0, 4, 1);
            dataOffset = RingDescriptor.dataOffset(0, 0);
        }
        TestFiles.patchInt(path, dataOffset, 24);   // within max, but the record now passes the tail (16)
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> ring.consumer().poll(new Collected(), 10));
            assertTrue(e.getMessage().contains("runs past the tail=16"), e.getMessage());
        }
        TestFiles.patchInt(path, dataOffset, MAX + 1);
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> ring.consumer().poll(new Collected(), 10));
            assertTrue(e.getMessage().contains("length=33 outside [0, 32]"), e.getMessage());
            assertEquals(0, ring.stats().messages());
        }
    }
}
