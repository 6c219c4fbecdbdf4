package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.Collected;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.RingProducer;
import io.ipcring.testsupport.FileBytes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpscRingTest extends RingContractTest<SpscRing> {
    private static final int DATA = RingDescriptor.dataOffset(0, 0);

    @Override
    SpscRing create(Path path, UnicastRingOptions options) {
        return SpscRing.create(path, options);
    }

    @Override
    SpscRing open(Path path, UnicastRingOptions options) {
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
    UnicastRingStats stats(SpscRing ring) {
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
        Path path = paths.next("tail");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            ring.producer().offer(new byte[4], 0, 4, 1);
        }
        FileBytes.patchLong(path, RingDescriptor.TAIL_OFFSET, CAPACITY + 64);
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class, ring::consumer);
            assertTrue(e.getMessage().contains("tail=" + (CAPACITY + 64)), e.getMessage());
        }
    }

    @Test
    void aRecordLengthOutsideTheLimitIsCorruption() throws Exception {
        Path path = paths.next("length");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            ring.producer().offer(new byte[4], 0, 4, 1);
        }
        FileBytes.patchInt(path, DATA, MAX + 1);
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> ring.consumer().poll(new Collected(), 10));
            assertTrue(e.getMessage().contains("length=33 outside [0, 32]"), e.getMessage());
            assertEquals(0, ring.stats().messages());
        }
    }

    @Test
    void aRecordStretchedWithinTheLimitsIsDeliveredWellFormedAndTheRingGoesOn() throws Exception {
        Path path = paths.next("stretched");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            ring.producer().offer(new byte[4], 0, 4, 1);
        }
        // the 16-byte record now claims 32 bytes: its end lies past the producer's tail, where a
        // dead producer's last commit could also lie, and the words there are 0
        FileBytes.patchInt(path, DATA, 24);
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            Collected got = new Collected();
            RingConsumer consumer = ring.consumer();
            assertEquals(1, consumer.poll(got, 10));
            assertEquals(24, got.messages.get(0).payload().length);
            RingProducer producer = ring.producer();
            assertTrue(producer.offer(Collected.bytes(MAX, 3), 0, MAX, 2));
            assertEquals(1, consumer.poll(got, 10));
            assertArrayEquals(Collected.bytes(MAX, 3), got.messages.get(1).payload());
        }
    }

    @Test
    void committedLookingWordsPastTheProducerAreCaughtWithinALap() throws Exception {
        Path path = paths.next("lap");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            assertEquals(0, ring.stats().messages());
        }
        for (int index = 0; index < CAPACITY; index += 32) {
            FileBytes.patchLong(path, DATA + index, Records.header(24, 1));
        }
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            assertThrows(RingCorruptedException.class, () -> ring.consumer().poll(new Collected(), 100),
                    "a batch never passes a whole lap");
        }
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            RingConsumer consumer = ring.consumer();
            Collected got = new Collected();
            for (int i = 0; i < CAPACITY / 32 - 1; i++) {
                assertEquals(1, consumer.poll(got, 1), "record " + i);
            }
            RingCorruptedException lap = assertThrows(RingCorruptedException.class, () -> consumer.poll(got, 1));
            assertTrue(lap.getMessage().contains("consumed=256 tail=0"), lap.getMessage());
        }
    }

    @Test
    void producerRestartedAfterACommitWhoseTailStoreWasLostResumesAfterIt() throws Exception {
        for (boolean consumedFirst : new boolean[] {false, true}) {
            Path path = paths.next("restart");
            try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
                RingProducer producer = ring.producer();
                RingConsumer consumer = ring.consumer();
                Collected got = new Collected();
                for (int i = 0; i < 5; i++) {
                    assertTrue(producer.offer(Collected.bytes(MAX, i), 0, MAX, 1));
                    assertEquals(1, consumer.poll(got, 1));
                }
            }
            // the ring stands at 200: the second record below wraps behind 16 bytes of padding
            for (int lostCommits = 1; lostCommits <= 2; lostCommits++) {
                long storedTail;
                try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
                    RingProducer producer = ring.producer();
                    storedTail = RingInspector.inspect(path).producerPosition();
                    assertTrue(producer.offer(Collected.bytes(MAX, 10 + lostCommits), 0, MAX, 2));
                    producer.close();
                    if (consumedFirst) {
                        Collected got = new Collected();
                        assertEquals(1, ring.consumer().poll(got, 10));
                        assertArrayEquals(Collected.bytes(MAX, 10 + lostCommits), got.messages.get(0).payload());
                    }
                }
                // as if the producer died between its commit and its tail store
                FileBytes.patchLong(path, RingDescriptor.TAIL_OFFSET, storedTail);
                try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
                    RingProducer producer = ring.producer();
                    assertTrue(producer.offer(Collected.bytes(MAX, 20 + lostCommits), 0, MAX, 3));
                    Collected got = new Collected();
                    RingConsumer consumer = ring.consumer();
                    assertEquals(consumedFirst ? 1 : 2, consumer.poll(got, 10), "consumedFirst=" + consumedFirst);
                    if (!consumedFirst) {
                        assertArrayEquals(Collected.bytes(MAX, 10 + lostCommits), got.messages.get(0).payload());
                    }
                    assertArrayEquals(Collected.bytes(MAX, 20 + lostCommits), got.messages.get(got.messages.size() - 1).payload());
                    assertEquals(0, consumer.poll(got, 10));
                }
            }
        }
    }

    @Test
    void moreCommittedDataAfterTheTailThanAProducerCanLeaveIsCorruption() throws Exception {
        Path path = paths.next("walk");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            RingProducer producer = ring.producer();
            // 13 records of 16 bytes: past the 64-byte stride plus a padding and the largest
            // batch, a quarter of the ring (64 + 2 * 64 = 192)
            for (int i = 0; i < 13; i++) {
                assertTrue(producer.offer(new byte[8], 0, 8, 1));
            }
        }
        FileBytes.patchLong(path, RingDescriptor.TAIL_OFFSET, 0);
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class, ring::producer);
            assertTrue(e.getMessage().contains("committed records reach 208 bytes past the tail=0"), e.getMessage());
        }
    }

    @Test
    void theTailInTheFileTrailsALiveProducerByLessThanAStrideAndIsExactWhenFullOrClosed() throws Exception {
        Path path = paths.next("lazy-tail");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            Collected got = new Collected();
            long written = 0;
            for (int i = 0; i < 100; i++) {   // many laps of 16-byte records
                assertTrue(producer.offer(new byte[8], 0, 8, 1));
                written += 16;
                long stored = FileBytes.readLong(path, RingDescriptor.TAIL_OFFSET);
                assertTrue(written - stored >= 0 && written - stored < CAPACITY / 4,
                        "written=" + written + " stored=" + stored);
                assertEquals(written, RingInspector.inspect(path).producerPosition(), "inspectors walk to the end");
                assertEquals(1, consumer.poll(got, 10));
            }
            assertTrue(producer.offer(new byte[8], 0, 8, 1));
            written += 16;
            assertEquals(written, RingInspector.inspect(path).producerPosition(), "unread records are counted");
            assertEquals(16, RingInspector.inspect(path).fill());
            while (producer.offer(new byte[8], 0, 8, 1)) {
                written += 16;
            }
            assertEquals(written, FileBytes.readLong(path, RingDescriptor.TAIL_OFFSET), "a full ring stores its tail");
            assertTrue(consumer.poll(got, 100) > 0);
            assertTrue(producer.offer(new byte[8], 0, 8, 1));
            producer.close();
            assertEquals(written + 16, FileBytes.readLong(path, RingDescriptor.TAIL_OFFSET), "closed: stored");
        }
    }

    @Test
    void statisticsTrailAStreamingConsumerByAtMostStatsBatchesAndAreExactWhenIdleOrClosed() throws Exception {
        Path path = paths.next("lazy-stats");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            Collected got = new Collected();
            for (int i = 1; i <= 3 * SpscConsumer.STATS_BATCHES; i++) {
                assertTrue(producer.offer(new byte[5], 0, 5, 1));
                assertEquals(1, consumer.poll(got, 1));
                long shown = ring.stats().messages();
                assertTrue(shown <= i && i - shown < SpscConsumer.STATS_BATCHES, "delivered " + i + ", shown " + shown);
            }
            assertEquals(0, consumer.poll(got, 1));
            assertEquals(3 * SpscConsumer.STATS_BATCHES, ring.stats().messages());
            assertEquals(3 * SpscConsumer.STATS_BATCHES * 5L, ring.stats().bytes());
            assertTrue(producer.offer(new byte[5], 0, 5, 1));
            assertEquals(1, consumer.poll(got, 1));
            consumer.close();
            assertEquals(3 * SpscConsumer.STATS_BATCHES + 1, ring.stats().messages());
        }
    }

    @Test
    void consumedSpaceIsFreedInStridesInWholeLinesWhenAPollFindsNothingAndAtClose() throws Exception {
        Path path = paths.next("free");
        int capacity = 64 * 1024;
        int stride = RingDescriptor.FREE_STRIDE;
        int line = SpscConsumer.FREE_ALIGNMENT;
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(capacity).maxMessageLength(MAX))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            Collected got = new Collected();
            int records = stride / 16 + 4;
            for (int i = 0; i < records + 2; i++) {
                assertTrue(producer.offer(new byte[8], 0, 8, 1));
            }
            assertEquals(1, consumer.poll(got, 1));
            assertEquals(16, RingInspector.inspect(path).consumed());
            assertEquals(0, RingInspector.inspect(path).head(), "a batch below the stride is not freed yet");
            assertTrue(FileBytes.readLong(path, DATA) != 0, "nor zeroed");

            assertEquals(records, consumer.poll(got, records));
            long strideEnd = 16L * (records + 1);
            assertTrue(strideEnd % line != 0, "the test needs a stride that ends inside a line");
            assertEquals(strideEnd, RingInspector.inspect(path).head(), "a stride consumed: freed, to the last byte");
            assertEquals(0, FileBytes.readLong(path, DATA), "and zeroed");
            assertEquals(0, FileBytes.readLong(path, DATA + strideEnd - 16));

            assertEquals(1, consumer.poll(got, 1));
            assertEquals(0, consumer.poll(got, 1));
            assertEquals(strideEnd, RingInspector.inspect(path).head(),
                    "a poll that finds nothing leaves the line the producer writes in");
            assertTrue(FileBytes.readLong(path, DATA + strideEnd) != 0, "not zeroed either");

            for (int i = 0; i < 2; i++) {
                assertTrue(producer.offer(new byte[8], 0, 8, 1));
            }
            assertEquals(2, consumer.poll(got, 2));
            long lineEnd = strideEnd + 48;
            assertEquals(0, lineEnd % line);
            assertEquals(lineEnd, RingInspector.inspect(path).consumed(), "that line is consumed now");
            assertEquals(0, consumer.poll(got, 1));
            assertEquals(lineEnd, RingInspector.inspect(path).head(), "so a poll that finds nothing frees it");
            assertEquals(0, FileBytes.readLong(path, DATA + strideEnd));

            assertTrue(producer.offer(new byte[8], 0, 8, 1));
            assertEquals(1, consumer.poll(got, 1));
            assertEquals(0, consumer.poll(got, 1));
            assertEquals(lineEnd, RingInspector.inspect(path).head());
            consumer.close();
            assertEquals(lineEnd + 16, RingInspector.inspect(path).head(), "closing frees all it consumed");
            assertEquals(0, FileBytes.readLong(path, DATA + lineEnd));
        }
    }

    @Test
    void aProducerFindsRoomForTheLargestRecordWhenTheConsumerHasCaughtUpInsideALine() throws Exception {
        Path path = paths.next("tight");
        int capacity = RingGeometry.MIN_CAPACITY;
        int max = capacity / RingDescriptor.MAX_MESSAGE_FRACTION;
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(capacity).maxMessageLength(max))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            Collected got = new Collected();
            byte[] largest = new byte[max];
            for (int i = 0; i < 4 * capacity / 8; i++) {
                assertTrue(producer.offer(new byte[0], 0, 0, 1), "8-byte record " + i + " after the consumer caught up");
                assertEquals(1, consumer.poll(got, 1));
                assertEquals(0, consumer.poll(got, 1));
                assertTrue(producer.offer(largest, 0, max, 2), "largest record " + i + " after the consumer caught up");
                assertEquals(1, consumer.poll(got, 1));
                assertEquals(0, consumer.poll(got, 1));
                RingInspector.RingInfo report = RingInspector.inspect(path);
                assertTrue(report.consumed() - report.head() < SpscConsumer.FREE_ALIGNMENT,
                        "at most the start of one line is consumed and not freed: " + report);
            }
        }
    }

    @Test
    void aBatchStopsALapAfterTheFreedPositionWhereConsumedRecordsAreNotZeroedYet() throws Exception {
        Path path = paths.next("full-unfreed");
        int capacity = 256;
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(capacity).maxMessageLength(8))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            Collected got = fillALapAfterAConsumedUnfreedRecord(path, capacity, producer, consumer);
            assertFalse(producer.offer(new byte[8], 0, 8, 99), "full: the tail is a lap after the freed position");
            assertEquals(capacity / 16 - 1, consumer.poll(got, 100), "the word a lap on is message 1, consumed already");
            assertEquals(capacity / 16, got.messages.get(got.messages.size() - 1).type());
            assertEquals(0, consumer.poll(got, 100));
            assertTrue(producer.offer(new byte[8], 0, 8, 99));
            assertEquals(1, consumer.poll(got, 100));
            assertEquals(99, got.messages.get(got.messages.size() - 1).type());
        }
    }

    @Test
    void aProducerAttachingToAFullRingStopsItsWalkALapAfterTheFreedPosition() throws Exception {
        Path path = paths.next("full-attach");
        int capacity = 256;
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(capacity).maxMessageLength(8))) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            Collected got = fillALapAfterAConsumedUnfreedRecord(path, capacity, producer, consumer);
            producer.close();
            RingInspector.RingInfo info = RingInspector.inspect(path);
            assertEquals(capacity, info.producerPosition(), "the inspector's walk ends a lap after the freed position");
            assertEquals(capacity - 16, info.fill());

            RingProducer again = ring.producer();
            assertFalse(again.offer(new byte[8], 0, 8, 99), "full: the new producer resumed a lap after the head");
            assertEquals(capacity / 16 - 1, consumer.poll(got, 100));
            assertTrue(again.offer(new byte[8], 0, 8, 99));
            assertEquals(1, consumer.poll(got, 100));
            for (int i = 0; i < got.messages.size(); i++) {
                assertEquals(i == capacity / 16 ? 99 : i + 1, got.messages.get(i).type(), "message " + i);
            }
            assertEquals(0, consumer.poll(got, 100));
        }
    }

    /**
     * Sends message 1 and consumes it (16 bytes, below the ring's 32-byte free stride: neither
     * zeroed nor freed), then fills the ring with messages 2 to capacity / 16, a lap after the
     * freed position.
     *
     * @return what the consumer got: message 1
     */
    private static Collected fillALapAfterAConsumedUnfreedRecord(Path path, int capacity, RingProducer producer,
                                                                 RingConsumer consumer) throws Exception {
        Collected got = new Collected();
        assertTrue(producer.offer(new byte[8], 0, 8, 1));
        assertEquals(1, consumer.poll(got, 1));
        assertEquals(0, RingInspector.inspect(path).head(), "16 bytes consumed, below the 32-byte stride: not freed");
        for (int type = 2; type <= capacity / 16; type++) {
            assertTrue(producer.offer(new byte[8], 0, 8, type), "type " + type);
        }
        return got;
    }

    @Test
    void anAbortedClaimsPayloadIsNeverReadAsAHeader() {
        try (SpscRing ring = small()) {
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            int index = producer.tryClaim(MAX, 1);
            for (int i = 0; i < MAX; i += 8) {
                producer.buffer().putLong(index + i, -1L);
            }
            producer.abort(index);
            assertTrue(producer.offer(new byte[0], 0, 0, 5));
            Collected got = new Collected();
            assertEquals(1, consumer.poll(got, 10));
            assertEquals(0, consumer.poll(got, 10), "the word after the empty record is 0, not the aborted payload");
            assertTrue(producer.offer(new byte[1], 0, 1, 6));
            assertEquals(1, consumer.poll(got, 10));
            assertEquals(6, got.messages.get(1).type());
        }
    }

    @Test
    void whatADeadProducerWroteBeyondTheTailIsZeroedByTheNextProducer() throws Exception {
        Path path = paths.next("dead");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            assertTrue(ring.producer().offer(new byte[8], 0, 8, 1));
        }
        // a claim at the tail (16) whose payload was written, never committed
        for (int offset = 16 + MessageFrame.HEADER_LENGTH; offset < 16 + MessageFrame.HEADER_LENGTH + MAX; offset += 8) {
            FileBytes.patchLong(path, DATA + offset, -1L);
        }
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            RingProducer producer = ring.producer();
            assertTrue(producer.offer(new byte[0], 0, 0, 2));
            assertTrue(producer.offer(new byte[0], 0, 0, 3));
            Collected got = new Collected();
            RingConsumer consumer = ring.consumer();
            assertEquals(3, consumer.poll(got, 10));
            assertEquals(0, consumer.poll(got, 10));
            assertEquals(List.of(1, 2, 3), got.messages.stream().map(Collected.Message::type).toList());
        }
    }

    @Test
    void consumerThatDiedWhileZeroingResumesAfterItsAcknowledgement() throws Exception {
        Path path = paths.next("zeroing");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX))) {
            RingProducer producer = ring.producer();
            for (int i = 1; i <= 3; i++) {
                assertTrue(producer.offer(new byte[8], 0, 8, i));
            }
        }
        // acknowledged the first record (16 bytes), died before zeroing it and moving the head
        FileBytes.patchLong(path, RingDescriptor.CONSUMED_OFFSET, 16);
        try (SpscRing ring = SpscRing.open(path, UnicastRingOptions.defaults())) {
            RingConsumer consumer = ring.consumer();
            assertEquals(16, RingInspector.inspect(path).head(), "attach finished the zeroing");
            Collected got = new Collected();
            assertEquals(2, consumer.poll(got, 10));
            assertEquals(List.of(2, 3), got.messages.stream().map(Collected.Message::type).toList());
        }
    }
}
