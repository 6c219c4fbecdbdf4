package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.Collected;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Behaviour every ring kind shares, run unchanged against SPSC and MPSC by a small subclass each.
 * Rings here have capacity 256 and max message 32 unless a test says otherwise.
 */
abstract class RingContractTest<R extends AutoCloseable> {
    static final int CAPACITY = 256;
    static final int MAX = 32;

    final TestPaths paths = new TestPaths();

    abstract R create(Path path, UnicastRingOptions options);

    abstract R open(Path path, UnicastRingOptions options);

    abstract RingProducer producer(R ring);

    abstract RingConsumer consumer(R ring);

    abstract UnicastRingStats stats(R ring);

    abstract Path path(R ring);

    R small(UnicastRingOptions options) {
        return create(paths.next(getClass().getSimpleName()), options.capacity(CAPACITY).maxMessageLength(MAX));
    }

    R small() {
        return small(UnicastRingOptions.defaults());
    }

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void offerThenPollDeliversTypeAndPayloadInOrder() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            assertTrue(producer.offer(Collected.bytes(5, 1), 0, 5, 7));
            assertTrue(producer.offer(ByteBuffer.wrap(Collected.bytes(9, 2)), 0, 9, 8));
            Collected got = new Collected();
            assertEquals(2, consumer.poll(got, 10));
            assertEquals(7, got.messages.get(0).type());
            assertArrayEquals(Collected.bytes(5, 1), got.messages.get(0).payload());
            assertEquals(8, got.messages.get(1).type());
            assertArrayEquals(Collected.bytes(9, 2), got.messages.get(1).payload());
            assertEquals(0, consumer.poll(got, 10));
            UnicastRingStats stats = stats(ring);
            assertEquals(2, stats.messages());
            assertEquals(14, stats.bytes());
        }
    }

    @Test
    void pollLimitSplitsBatches() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            for (int i = 0; i < 5; i++) {
                assertTrue(producer.offer(Collected.bytes(4, i), 0, 4, 1 + i));
            }
            Collected got = new Collected();
            assertEquals(2, consumer.poll(got, 2));
            assertEquals(3, consumer.poll(got, 10));
            for (int i = 0; i < 5; i++) {
                assertEquals(1 + i, got.messages.get(i).type());
            }
        }
    }

    @Test
    void wrapAroundWritesPaddingTheHandlerNeverSees() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            Collected got = new Collected();
            for (int i = 0; i < 7; i++) {   // 7 records of 32 bytes: index 224 next
                assertTrue(producer.offer(Collected.bytes(20, i), 0, 20, 1));
            }
            assertEquals(7, consumer.poll(got, 100));
            assertEquals(224, consumer.position());
            // a 40-byte record does not fit in the last 32 bytes: padding, then the record at 0
            assertTrue(producer.offer(Collected.bytes(32, 99), 0, 32, 5));
            assertEquals(1, consumer.poll(got, 100));
            assertEquals(224 + 32 + 40, consumer.position());
            assertEquals(8, got.messages.size());
            assertEquals(5, got.messages.get(7).type());
            assertArrayEquals(Collected.bytes(32, 99), got.messages.get(7).payload());
            for (int lap = 0; lap < 50; lap++) {  // many laps of mixed sizes stay in order
                int length = (lap * 7) % (MAX + 1);
                assertTrue(producer.offer(Collected.bytes(length, lap), 0, length, 1 + lap));
                got.messages.clear();
                assertEquals(1, consumer.poll(got, 100));
                assertEquals(1 + lap, got.messages.get(0).type());
                assertArrayEquals(Collected.bytes(length, lap), got.messages.get(0).payload());
            }
        }
    }

    @Test
    void offerCopiesEveryLengthFromEveryKindOfSourceAtAnyOffsetAcrossWraps() throws Exception {
        // capacity 256, max 32: a record of 8 to 40 bytes, so every few offers wrap with a padding
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            Collected got = new Collected();
            int sent = 0;
            for (int length = 0; length <= MAX; length++) {
                for (int at = 0; at < 3; at++) {
                    byte[] payload = Collected.bytes(length, sent);
                    byte[] array = new byte[at + length + 5];
                    Arrays.fill(array, (byte) -1);
                    System.arraycopy(payload, 0, array, at, length);
                    ByteBuffer direct = ByteBuffer.allocateDirect(array.length).put(array).clear();
                    for (Object source : List.of(array, ByteBuffer.wrap(array), ByteBuffer.wrap(array).asReadOnlyBuffer(),
                            direct, direct.duplicate().order(ByteOrder.LITTLE_ENDIAN))) {
                        int type = 1 + sent % 1000;
                        assertTrue(source instanceof byte[] ? producer.offer((byte[]) source, at, length, type)
                                : producer.offer((ByteBuffer) source, at, length, type), "offer " + sent);
                        got.messages.clear();
                        assertEquals(1, consumer.poll(got, 10));
                        String what = "length=" + length + " at=" + at + " source=" + source;
                        assertEquals(type, got.messages.get(0).type(), what);
                        assertArrayEquals(payload, got.messages.get(0).payload(), what);
                        sent++;
                    }
                }
            }
            assertTrue(consumer.position() > 20L * CAPACITY, "the offers went round the ring many times");
        }
    }

    @Test
    void exactlyFullRingRefusesOneMoreUntilTheConsumerFreesSpace() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            for (int i = 0; i < CAPACITY / 32; i++) {
                assertTrue(producer.offer(Collected.bytes(24, i), 0, 24, 1), "record " + i);
            }
            assertFalse(producer.offer(Collected.bytes(0, 0), 0, 0, 1), "full ring takes nothing, not even 8 bytes");
            assertEquals(RingProducer.NO_CLAIM, producer.tryClaim(0, 1));
            assertEquals(2, stats(ring).fullEvents());
            Collected got = new Collected();
            assertEquals(1, consumer.poll(got, 1));
            assertTrue(producer.offer(Collected.bytes(24, 50), 0, 24, 1));
            assertFalse(producer.offer(Collected.bytes(24, 51), 0, 24, 1));
            assertEquals(8, consumer.poll(got, 100));
            assertArrayEquals(Collected.bytes(24, 50), got.messages.get(8).payload());
        }
    }

    @Test
    void claimsOfOversizeNegativeLengthsAndReservedTypesAreRejected() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaim(MAX + 1, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaim(-1, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaim(4, 0));
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaim(4, MessageFrame.PADDING_TYPE));
            assertEquals(0, consumer(ring).poll(new Collected(), 10), "nothing was written");
        }
    }

    @Test
    void claimWriteInPlaceCommit() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            int index = producer.tryClaim(16, 9);
            assertTrue(index >= 0);
            producer.buffer().putLong(index, 0x1122334455667788L);
            producer.buffer().putLong(index + 8, -5L);
            Collected got = new Collected();
            assertEquals(0, consumer.poll(got, 10), "not visible before commit");
            producer.commit(index);
            assertEquals(1, consumer.poll(got, 10));
            ByteBuffer payload = ByteBuffer.wrap(got.messages.get(0).payload()).order(MessageFrame.BYTE_ORDER);
            assertEquals(0x1122334455667788L, payload.getLong(0));
            assertEquals(-5L, payload.getLong(8));
        }
    }

    @Test
    void abortDeliversNothingAndFreesTheSpace() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            Collected got = new Collected();
            for (int round = 0; round < 40; round++) {   // several laps of aborted claims
                int index = producer.tryClaim(24, 1);
                assertTrue(index >= 0, "round " + round);
                producer.abort(index);
                assertEquals(0, consumer.poll(got, 100));
            }
            assertTrue(producer.offer(Collected.bytes(3, 3), 0, 3, 2));
            assertEquals(1, consumer.poll(got, 100));
            assertEquals(1, got.messages.size());
            assertEquals(2, got.messages.get(0).type());
            assertEquals(0, consumer.poll(got, 100));   // an idle consumer's statistics are exact
            assertEquals(1, stats(ring).messages());
        }
    }

    @Test
    void claimMisuseIsReported() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            assertThrows(IllegalStateException.class, () -> producer.commit(4096));
            int index = producer.tryClaim(8, 1);
            assertThrows(IllegalStateException.class, () -> producer.tryClaim(8, 1));
            assertThrows(IllegalStateException.class, () -> producer.offer(new byte[1], 0, 1, 1));
            assertThrows(IllegalStateException.class, () -> producer.commit(index + 8));
            producer.commit(index);
            assertThrows(IllegalStateException.class, () -> producer.abort(index));
        }
    }

    @Test
    void commitDetectsAWriteOverTheHeaderInFrontOfTheClaimAndGivesTheClaimUp() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            assertTrue(producer.offer(Collected.bytes(4, 1), 0, 4, 1));
            int index = producer.tryClaim(8, 2);
            producer.buffer().putInt(index - 4, 77);   // the type half of the record's header
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> producer.commit(index));
            assertTrue(e.getMessage().contains("header at buffer index=" + (index - MessageFrame.HEADER_LENGTH))
                    && e.getMessage().contains("expected 0x0000000000000000, found 0x0000004d00000000")
                    && e.getMessage().contains("the claim was given up"), e.getMessage());
            assertTrue(producer.offer(Collected.bytes(5, 3), 0, 5, 3), "the ring goes on, the producer too");
            Collected got = new Collected();
            assertEquals(2, consumer.poll(got, 10));
            assertEquals(List.of(1, 3), List.of(got.messages.get(0).type(), got.messages.get(1).type()));
            assertArrayEquals(Collected.bytes(5, 3), got.messages.get(1).payload());
        }
    }

    @Test
    void handlerExceptionAcknowledgesTheMessagesUpToTheOneThatThrew() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            for (int i = 1; i <= 4; i++) {
                assertTrue(producer.offer(new byte[0], 0, 0, i));
            }
            assertThrows(IllegalStateException.class, () -> consumer.poll((type, buffer, offset, length) -> {
                if (type == 2) {
                    throw new IllegalStateException("poison");
                }
            }, 10));
            Collected got = new Collected();
            assertEquals(2, consumer.poll(got, 10));
            assertEquals(3, got.messages.get(0).type());
        }
    }

    @Test
    void restartedConsumerResumesAfterTheLastAcknowledgedBatch() throws Exception {
        Path path = paths.next("resume");
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX);
        try (R ring = create(path, options)) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            for (int i = 1; i <= 5; i++) {
                assertTrue(producer.offer(new byte[0], 0, 0, i));
            }
            assertEquals(2, consumer.poll(new Collected(), 2));
            consumer.close();
        }
        try (R ring = open(path, UnicastRingOptions.defaults())) {
            Collected got = new Collected();
            RingConsumer consumer = consumer(ring);
            assertEquals(3, consumer.poll(got, 10));
            assertEquals(3, got.messages.get(0).type());
            assertEquals(0, consumer.poll(got, 10));   // an idle consumer's statistics are exact
            assertEquals(5, stats(ring).messages());
        }
    }

    @Test
    void oneLiveConsumerAtATime() throws Exception {
        try (R ring = small()) {
            RingConsumer first = consumer(ring);
            ChannelException e = assertThrows(ChannelException.class, () -> consumer(ring));
            assertTrue(e.getMessage().contains("consumer is already attached"), e.getMessage());
            first.close();
            consumer(ring).close();
        }
    }

    @Test
    void closedRolesRefuseWork() throws Exception {
        try (R ring = small()) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            producer.close();
            consumer.close();
            // offer and poll after close: ChannelContract.closedEndpointsRefuseWork
            assertThrows(ChannelClosedException.class, () -> producer.tryClaim(0, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void blockingPollTimesOutWhenEmptyAndWakesForAMessage(WaitStrategy strategy) throws Exception {
        try (R ring = small(UnicastRingOptions.defaults().waitStrategy(strategy))) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            Collected got = new Collected();
            long start = System.nanoTime();
            assertEquals(0, consumer.poll(got, 10, 100, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "waited the timeout");
            Path path = path(ring);
            Thread sender = new Thread(() -> {
                sleep(20);
                awaitWaiting(strategy, path, true);
                producer.offer(new byte[]{42}, 0, 1, 6);
            });
            sender.start();
            assertEquals(1, consumer.poll(got, 10, 10, TimeUnit.SECONDS));
            sender.join(10_000);
            assertEquals(6, got.messages.get(0).type());
            if (strategy == WaitStrategy.BLOCKING) {
                UnicastRingStats stats = stats(ring);
                assertTrue(stats.consumerSleeps() > 0, "slept on the futex: " + stats);
                assertTrue(stats.consumerWakes() > 0, "the producer woke it: " + stats);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void blockingOfferWaitsForRoomAndTimesOut(WaitStrategy strategy) throws Exception {
        try (R ring = small(UnicastRingOptions.defaults().waitStrategy(strategy))) {
            RingProducer producer = producer(ring);
            RingConsumer consumer = consumer(ring);
            ByteBuffer payload = ByteBuffer.wrap(new byte[24]);
            while (producer.offer(payload, 0, 24, 1)) {
                assertTrue(stats(ring).fullEvents() == 0);
            }
            assertFalse(producer.offer(payload, 0, 24, 1, 30, TimeUnit.MILLISECONDS));
            Path path = path(ring);
            Thread drainer = new Thread(() -> {
                sleep(20);
                awaitWaiting(strategy, path, false);
                consumer.poll(new Collected(), 1);
            });
            drainer.start();
            assertTrue(producer.offer(payload, 0, 24, 2, 10, TimeUnit.SECONDS));
            drainer.join(10_000);
            int index = producer.tryClaim(24, 3, 20, TimeUnit.MILLISECONDS);
            assertEquals(-1, index, "still full");
            if (strategy == WaitStrategy.BLOCKING) {
                UnicastRingStats stats = stats(ring);
                assertTrue(stats.producerSleeps() > 0, "slept on the futex: " + stats);
                assertTrue(stats.producerWakes() > 0, "the consumer woke it: " + stats);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void interruptEndsABlockingPoll(WaitStrategy strategy) throws Exception {
        try (R ring = small(UnicastRingOptions.defaults().waitStrategy(strategy))) {
            RingConsumer consumer = consumer(ring);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                started.countDown();
                try {
                    consumer.poll(new Collected(), 1, 1, TimeUnit.MINUTES);
                    outcome.set(new AssertionError("returned without a message"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            waiter.start();
            started.await();
            sleep(50);
            waiter.interrupt();
            waiter.join(10_000);
            assertFalse(waiter.isAlive());
            assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        }
    }

    /** With BLOCKING, waits (bounded) until the consumer or a producer announced a futex sleep. */
    static void awaitWaiting(WaitStrategy strategy, Path path, boolean consumer) {
        if (strategy != WaitStrategy.BLOCKING) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RingInspector.RingInfo info = RingInspector.inspect(path);
            if (consumer ? info.consumerWaiting() : info.producerWaiting()) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
