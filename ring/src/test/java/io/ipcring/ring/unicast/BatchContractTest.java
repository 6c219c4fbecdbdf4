package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.Collected;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batch calls of {@link RingProducer} ({@code tryClaimBatch}, {@code commitBatch},
 * {@code abortBatch}, {@code offerBatch}) and the consumer's one pass over a batch, run unchanged
 * against SPSC and MPSC by a small subclass each. Rings here have capacity 1024 (batches of at
 * most 256 bytes) and max message 64.
 */
abstract class BatchContractTest<R extends AutoCloseable> {
    static final int CAPACITY = 1024;
    static final int MAX = 64;
    /** A quarter of the ring. */
    static final int MAX_BATCH_BYTES = CAPACITY / 4;

    final TestPaths paths = new TestPaths();

    abstract R create(Path path, UnicastRingOptions options);

    abstract RingProducer producer(R ring);

    abstract RingConsumer consumer(R ring);

    abstract UnicastRingStats stats(R ring);

    /** @return the data region's offset in the mapping of the rings {@link #small()} makes */
    abstract int dataOffset();

    R small() {
        return create(paths.next(getClass().getSimpleName()), UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX));
    }

    @AfterEach
    void deleteFiles() throws Exception {
        paths.close();
    }

    /** Claims a batch, writes record k's payload as {@code Collected.bytes(length, seed + k)}, commits. */
    static int sendBatch(RingProducer producer, int count, int length, int type, int seed) {
        int index = producer.tryClaimBatch(count, length, type);
        if (index == RingProducer.NO_CLAIM) {
            return index;
        }
        for (int k = 0; k < count; k++) {
            producer.buffer().put(index + k * RingProducer.batchStride(length), Collected.bytes(length, seed + k));
        }
        producer.commitBatch(index);
        return index;
    }

    static void assertBatch(List<Collected.Message> messages, int from, int count, int length, int type, int seed) {
        for (int k = 0; k < count; k++) {
            Collected.Message message = messages.get(from + k);
            assertEquals(type, message.type(), "record " + k);
            assertArrayEquals(Collected.bytes(length, seed + k), message.payload(), "record " + k);
        }
    }

    @Test
    void aBatchIsDeliveredWholeAndInOrderByOnePollThatAcknowledgesOnce() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            assertEquals(dataOffset() + MessageFrame.HEADER_LENGTH, sendBatch(producer, 5, 20, 3, 10));
            List<Long> positions = new ArrayList<>();
            Collected got = new Collected();
            assertEquals(5, consumer.poll((type, buffer, offset, length) -> {
                positions.add(consumer.position());
                got.onMessage(type, buffer, offset, length);
            }, 100));
            assertBatch(got.messages, 0, 5, 20, 3, 10);
            assertEquals(List.of(0L, 0L, 0L, 0L, 0L), positions, "acknowledged once, after the batch");
            assertEquals(5 * 32, consumer.position());
            assertEquals(0, consumer.poll(got, 100), "an idle poll stores the statistics");
            UnicastRingStats stats = stats(ring);
            assertEquals(5, stats.messages());
            assertEquals(100, stats.bytes());
        }
    }

    @Test
    void aBatchOfOneIsOneMessage() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            sendBatch(producer, 1, 0, 4, 0);
            assertTrue(producer.offerBatch(ByteBuffer.wrap(Collected.bytes(7, 1)), 0, 1, 7, 5));
            Collected got = new Collected();
            assertEquals(2, consumer.poll(got, 100));
            assertEquals(4, got.messages.get(0).type());
            assertEquals(0, got.messages.get(0).payload().length);
            assertArrayEquals(Collected.bytes(7, 1), got.messages.get(1).payload());
            assertEquals(8 + 16, consumer.position());
        }
    }

    @Test
    void batchesFillingTheRingExactlyFitAndOneMoreRecordDoesNot() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            assertEquals(8, producer.maxBatchCount(24), "256 bytes of 32-byte records");
            for (int b = 0; b < 4; b++) {
                assertTrue(sendBatch(producer, 8, 24, 1, 8 * b) >= 0, "batch " + b);
            }
            assertEquals(RingProducer.NO_CLAIM, producer.tryClaimBatch(1, 0, 1), "full");
            assertEquals(RingProducer.NO_CLAIM, producer.tryClaim(0, 1), "full");
            Collected got = new Collected();
            assertEquals(32, consumer.poll(got, 100));
            assertBatch(got.messages, 0, 32, 24, 1, 0);
            assertTrue(sendBatch(producer, 8, 24, 1, 0) >= 0, "room again");
        }
    }

    @Test
    void aBatchThatDoesNotFitBeforeTheEndStartsAtIndexZeroAfterAPadding() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            Collected got = new Collected();
            for (int i = 0; i < 13; i++) {
                assertTrue(producer.offer(new byte[56], 0, 56, 2));  // 13 * 64 = 832: 192 bytes to the end
            }
            assertEquals(13, consumer.poll(got, 100));
            assertEquals(dataOffset() + MessageFrame.HEADER_LENGTH, sendBatch(producer, 7, 24, 3, 50),
                    "224 bytes do not fit in the last 192: at index 0");
            assertTrue(producer.offer(Collected.bytes(3, 9), 0, 3, 4));
            got.messages.clear();
            assertEquals(8, consumer.poll(got, 100));
            assertBatch(got.messages, 0, 7, 24, 3, 50);
            assertEquals(4, got.messages.get(7).type());
            assertEquals(CAPACITY + 224 + 16, consumer.position());
        }
    }

    @Test
    void batchesMixWithSingleMessagesInOrder() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            Collected got = new Collected();
            int expected = 0;
            for (int round = 0; round < 40; round++) {
                assertTrue(producer.offer(Collected.bytes(5, round), 0, 5, 1));
                assertTrue(sendBatch(producer, 3, 12, 2, round) >= 0);
                int[] lengths = {1, 64, 0};
                assertTrue(producer.offerBatch(ByteBuffer.wrap(Collected.bytes(65, round)), 0, lengths, 3, 3));
                expected += 7;
                assertEquals(7, consumer.poll(got, 100), "round " + round);
                List<Collected.Message> m = got.messages.subList(expected - 7, expected);
                assertArrayEquals(Collected.bytes(5, round), m.get(0).payload());
                assertBatch(m, 1, 3, 12, 2, round);
                byte[] source = Collected.bytes(65, round);
                assertArrayEquals(new byte[]{source[0]}, m.get(4).payload());
                assertArrayEquals(java.util.Arrays.copyOfRange(source, 1, 65), m.get(5).payload());
                assertEquals(0, m.get(6).payload().length);
                assertEquals(List.of(1, 2, 2, 2, 3, 3, 3), m.stream().map(Collected.Message::type).toList());
            }
        }
    }

    @Test
    void offerBatchCopiesEqualSlicesFromAnOffset() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            byte[] source = Collected.bytes(3 + 4 * 10, 7);
            assertTrue(producer.offerBatch(ByteBuffer.wrap(source), 3, 4, 10, 6));
            Collected got = new Collected();
            assertEquals(4, consumer.poll(got, 100));
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(source, 3 + 10 * k, 13 + 10 * k), got.messages.get(k).payload());
            }
        }
    }

    @Test
    void badBatchArgumentsThrowBeforeAnythingIsClaimed() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> producer.tryClaimBatch(9, 24, 1));
            assertTrue(tooMany.getMessage().contains("count=9 must be in [1, 8] for length=24"), tooMany.getMessage());
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaimBatch(0, 24, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaimBatch(1, MAX + 1, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaimBatch(1, 8, 0));
            assertThrows(IllegalArgumentException.class, () -> producer.maxBatchCount(-1));
            ByteBuffer source = ByteBuffer.allocate(40);
            assertThrows(IndexOutOfBoundsException.class, () -> producer.offerBatch(source, 1, 4, 10, 1));
            assertThrows(NullPointerException.class, () -> producer.offerBatch(null, 0, 1, 1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> producer.offerBatch(source, 0, new int[]{1, 2}, 3, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> producer.offerBatch(source, 0, new int[]{30, 11}, 2, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.offerBatch(source, 0, new int[]{-1}, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.offerBatch(source, 0, new int[]{64, 64, 64, 64}, 4, 1),
                    "4 * 72 bytes pass the quarter");
            assertEquals(0, consumer.poll(new Collected(), 100));
            assertTrue(sendBatch(producer, 8, 24, 1, 0) >= 0, "nothing was claimed");
            assertEquals(8, consumer.poll(new Collected(), 100));
            assertEquals(0, stats(ring).fullEvents());
        }
    }

    @Test
    void anAbortedBatchIsNeverDeliveredAndItsBytesAreNotReadAsRecords() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            int index = producer.tryClaimBatch(4, 56, 1);
            for (int i = 0; i < 4 * 64 - 8; i++) {
                producer.buffer().put(index + i, (byte) 0x11);  // payloads and the headers between them
            }
            producer.abortBatch(index);
            for (int i = 0; i < 30; i++) {
                assertTrue(producer.offer(new byte[]{(byte) i}, 0, 1, 2), "message " + i);
            }
            Collected got = new Collected();
            assertEquals(30, consumer.poll(got, 100));
            assertTrue(got.messages.stream().allMatch(m -> m.type() == 2));
        }
    }

    @Test
    void commitAndAbortCheckWhichClaimIsPending() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            int index = producer.tryClaimBatch(2, 8, 1);
            assertTrue(assertThrows(IllegalStateException.class, () -> producer.commitBatch(index + 16)).getMessage()
                    .contains("is not the pending batch claim"));
            assertTrue(assertThrows(IllegalStateException.class, () -> producer.commit(index)).getMessage()
                    .contains("is a batch claim of count=2; commitBatch or abortBatch it"));
            assertThrows(IllegalStateException.class, () -> producer.abort(index));
            assertThrows(IllegalStateException.class, () -> producer.tryClaim(8, 1));
            assertThrows(IllegalStateException.class, () -> producer.tryClaimBatch(1, 8, 1));
            assertThrows(IllegalStateException.class, () -> producer.offer(new byte[1], 0, 1, 1));
            assertThrows(IllegalStateException.class, () -> producer.offerBatch(ByteBuffer.allocate(8), 0, 1, 8, 1));
            producer.commitBatch(index);
            assertThrows(IllegalStateException.class, () -> producer.commitBatch(index), "committed already");
            int single = producer.tryClaim(8, 2);
            assertTrue(assertThrows(IllegalStateException.class, () -> producer.commitBatch(single)).getMessage()
                    .contains("a single claim is pending"));
            assertThrows(IllegalStateException.class, () -> producer.abortBatch(single));
            producer.commit(single);
            assertEquals(3, consumer.poll(new Collected(), 100));
        }
    }

    @Test
    void aCommitThatFindsARecordHeaderOverwrittenGivesTheBatchUp() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            int index = producer.tryClaimBatch(3, 8, 1);
            int secondHeader = index + 16 - MessageFrame.HEADER_LENGTH;
            producer.buffer().putLong(secondHeader, 0x5_0000_0008L);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> producer.commitBatch(index));
            assertTrue(e.getMessage().contains("header at buffer index=" + secondHeader), e.getMessage());
            assertTrue(e.getMessage().contains("found 0x0000000500000008"), e.getMessage());
            assertTrue(producer.offer(new byte[]{4}, 0, 1, 2), "the ring goes on");
            Collected got = new Collected();
            assertEquals(1, consumer.poll(got, 100));
            assertEquals(2, got.messages.get(0).type());
        }
    }

    @Test
    void closingWithABatchPendingGivesItUp() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            int index = producer.tryClaimBatch(4, 24, 1);
            producer.buffer().put(index, new byte[24]);
            producer.close();
            assertThrows(ChannelClosedException.class, () -> producer.commitBatch(index));
            RingProducer next = producer(ring);
            assertTrue(next.offer(new byte[]{1}, 0, 1, 9));
            Collected got = new Collected();
            assertEquals(1, consumer.poll(got, 100));
            assertEquals(9, got.messages.get(0).type());
        }
    }

    @Test
    void aTimedBatchClaimWaitsForRoomForTheWholeBatch() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            for (int b = 0; b < 4; b++) {
                sendBatch(producer, 8, 24, 1, 0);
            }
            assertEquals(RingProducer.NO_CLAIM, producer.tryClaimBatch(8, 24, 1, 20, TimeUnit.MILLISECONDS));
            Thread drain = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                consumer.poll(new Collected(), 8);  // frees exactly a batch's room
            });
            drain.start();
            int index = producer.tryClaimBatch(8, 24, 2, 10, TimeUnit.SECONDS);
            drain.join();
            assertTrue(index >= 0, "room came");
            producer.commitBatch(index);
        }
    }
}
