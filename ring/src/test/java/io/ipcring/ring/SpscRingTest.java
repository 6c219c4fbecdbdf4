package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Override
    int reservedBytes() {
        return MessageCodec.HEADER_LENGTH;
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
    void recordLengthPastTheProducerIsCaughtByTheProducerAndByTheLength() throws Exception {
        Path path = files.newPath("length");
        int dataOffset = RingDescriptor.dataOffset(0, 0);
        try (SpscRing ring = SpscRing.create(path, RingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            ring.producer().offer(new byte[4], 0, 4, 1);
        }
        // within max, but the 32-byte record now ends past the producer's tail (16); the word
        // there is 0, so the consumer takes it and stops: the producer must refuse that head
        TestFiles.patchInt(path, dataOffset, 24);
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            assertEquals(1, ring.consumer().poll(new Collected(), 10));
            RingCorruptedException e = assertThrows(RingCorruptedException.class, ring::producer);
            assertTrue(e.getMessage().contains("head=32 tail=16"), e.getMessage());
        }
        TestFiles.patchLong(path, RingDescriptor.HEAD_OFFSET, 0);
        TestFiles.patchInt(path, dataOffset, MAX + 1);
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> ring.consumer().poll(new Collected(), 10));
            assertTrue(e.getMessage().contains("length=33 outside [0, 32]"), e.getMessage());
        }
    }

    @Test
    void committedLookingWordsPastTheProducerAreCaughtWithinALap() throws Exception {
        Path path = files.newPath("lap");
        int dataOffset = RingDescriptor.dataOffset(0, 0);
        try (SpscRing ring = SpscRing.create(path, RingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            assertEquals(0, ring.stats().messages());
        }
        for (int index = 0; index < CAPACITY; index += 32) {
            TestFiles.patchLong(path, dataOffset + index, Records.header(24, 1));
        }
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            RingConsumer consumer = ring.consumer();
            RingCorruptedException batch = assertThrows(RingCorruptedException.class, () -> consumer.poll(new Collected(), 100));
            assertTrue(batch.getMessage().contains("would hold more than the 248 bytes"), batch.getMessage());
        }
        TestFiles.patchLong(path, RingDescriptor.HEAD_OFFSET, 0);
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            RingConsumer consumer = ring.consumer();
            Collected got = new Collected();
            for (int i = 0; i < CAPACITY / 32 - 1; i++) {
                assertEquals(1, consumer.poll(got, 1), "record " + i);
            }
            RingCorruptedException lap = assertThrows(RingCorruptedException.class, () -> consumer.poll(got, 1));
            assertTrue(lap.getMessage().contains("head=256 tail=0"), lap.getMessage());
        }
    }

    @Test
    void producerRestartedAfterACommitWhoseTailStoreWasLostResumesAfterIt() throws Exception {
        Path path = files.newPath("restart");
        try (SpscRing ring = SpscRing.create(path, RingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            Collected got = new Collected();
            for (int i = 0; i < 5; i++) {
                assertTrue(producer.offer(Collected.bytes(MAX, i), 0, MAX, 1));
                assertEquals(1, consumer.poll(got, 1));
            }
            producer.close();
            consumer.close();
        }
        // the ring stands at 200: the next 40-byte record wraps behind 56 bytes of padding
        for (int lostCommits = 1; lostCommits <= 2; lostCommits++) {
            long storedTail;
            try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
                RingProducer producer = ring.producer();
                storedTail = RingInspector.inspect(path).producerPosition();
                assertTrue(producer.offer(Collected.bytes(MAX, 10 + lostCommits), 0, MAX, 2));
                producer.close();
            }
            // as if the producer died between its commit and its tail store
            TestFiles.patchLong(path, RingDescriptor.TAIL_OFFSET, storedTail);
            try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
                RingProducer producer = ring.producer();
                assertTrue(producer.offer(Collected.bytes(MAX, 20 + lostCommits), 0, MAX, 3));
                Collected got = new Collected();
                RingConsumer consumer = ring.consumer();
                assertEquals(2, consumer.poll(got, 10));
                assertArrayEquals(Collected.bytes(MAX, 10 + lostCommits), got.messages.get(0).payload());
                assertArrayEquals(Collected.bytes(MAX, 20 + lostCommits), got.messages.get(1).payload());
                assertEquals(0, consumer.poll(got, 10));
            }
        }
    }

    @Test
    void moreCommittedRecordsAfterTheTailThanADeadProducerLeavesAreCorruption() throws Exception {
        Path path = files.newPath("walk");
        try (SpscRing ring = SpscRing.create(path, RingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            RingProducer producer = ring.producer();
            for (int i = 0; i < 3; i++) {
                assertTrue(producer.offer(new byte[8], 0, 8, 1));
            }
        }
        TestFiles.patchLong(path, RingDescriptor.TAIL_OFFSET, 0);
        try (SpscRing ring = SpscRing.open(path, RingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class, ring::producer);
            assertTrue(e.getMessage().contains("more than 2 committed records after the tail=0"), e.getMessage());
        }
    }
}
