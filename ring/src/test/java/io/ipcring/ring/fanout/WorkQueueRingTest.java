package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueRingTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void aFileOfLayoutVersion1WithItsOtherOwnerWordsIsRefused() throws Exception {
        Path path = paths.next("v1");
        WorkQueueRing.create(path, WorkQueueRingOptions.defaults().capacity(1024)).close();
        FileBytes.patchInt(path, RegionHeader.VERSION_OFFSET, 1);
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> WorkQueueRing.open(path));
        assertEquals(SharedMemoryException.Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("layout version 1")
                && e.getMessage().contains("reads version " + FanoutFormats.LAYOUT_VERSION)
                && e.getMessage().contains(path.toString()), e.getMessage());
    }

    private static boolean publish(Publisher publisher, long id, int length) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.max(8, length)).order(ByteOrder.LITTLE_ENDIAN).putLong(0, id);
        return publisher.offer(bytes, 0, Math.max(8, length), 1);
    }

    @Test
    void messagesGoOutInOrderThroughManyWraps() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(2048));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            Collector c = new Collector();
            for (int i = 0; i < 3000; i++) {
                byte[] bytes = BroadcastRingTest.payload(i, i % 200);
                assertTrue(publisher.offer(bytes, 0, bytes.length, 2), "message " + i);
                if (i % 3 == 2) {
                    consumer.poll(c, 100);
                }
            }
            consumer.poll(c, 100);
            assertEquals(3000, c.payloads.size());
            for (int i = 0; i < 3000; i++) {
                assertArrayEquals(BroadcastRingTest.payload(i, i % 200), c.payloads.get(i), "message " + i);
                assertEquals(2, c.types.get(i));
            }
            assertEquals(0, ring.size());
            assertEquals(3000, ring.stats().messages());
        }
    }

    @Test
    void eachMessageGoesToExactlyOneOfManyConcurrentConsumers() throws Exception {
        int perProducer = 20_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(2 * perProducer);
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(4096))) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int p = 0; p < 2; p++) {
                int producer = p;
                threads.add(new Thread(() -> {
                    try (Publisher publisher = ring.publisher()) {
                        for (int i = 0; i < perProducer; i++) {
                            ByteBuffer bytes = ByteBuffer.allocate(8 + i % 40).order(ByteOrder.LITTLE_ENDIAN)
                                    .putLong(0, producer * perProducer + i);
                            if (!publisher.offer(bytes, 0, bytes.capacity(), 1, 30, TimeUnit.SECONDS)) {
                                throw new AssertionError("could not publish " + i);
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (int k = 0; k < 3; k++) {
                threads.add(new Thread(() -> {
                    try (Subscriber consumer = ring.consumer()) {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        while (ring.stats().messages() < 2L * perProducer || ring.size() > 0) {
                            consumer.poll((type, buffer, offset, length) ->
                                    seen.incrementAndGet((int) buffer.order(ByteOrder.LITTLE_ENDIAN).getLong(offset)),
                                    16, 10, TimeUnit.MILLISECONDS);
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("consumers did not finish");
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(120_000);
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            for (int i = 0; i < seen.length(); i++) {
                assertEquals(1, seen.get(i), "message " + i);
            }
        }
    }

    @Test
    void aMessageWhoseHandlerThrowsIsGivenBackAndDeliveredAgain() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            publish(publisher, 1, 8);
            publish(publisher, 2, 8);
            assertThrows(IllegalStateException.class, () -> consumer.poll((t, b, o, l) -> {
                throw new IllegalStateException("boom");
            }, 10));
            assertEquals(1, ring.stats().handlerFailures());
            assertEquals(2, ring.size());
            Collector c = new Collector();
            assertEquals(2, consumer.poll(c, 10));
            assertEquals(1, ByteBuffer.wrap(c.payloads.get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void aMessageHeldByADeadConsumerIsAdoptedAndRedelivered() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher()) {
            publish(publisher, 41, 8);
            publish(publisher, 42, 8);
            // consumer slot 3 belongs to a dead process (generation 5) that claimed the first message
            int slot = WorkQueueRingDescriptor.consumerSlotTableOffset(ring.options().producerSlots())
                    + 3 * WorkQueueRingDescriptor.CONSUMER_SLOT_LENGTH;
            ring.memory().putLongVolatile(slot + WorkQueueRingDescriptor.CONSUMER_OWNER_OFFSET, DeadProcess.packed());
            ring.memory().putLongVolatile(slot + WorkQueueRingDescriptor.CONSUMER_GENERATION_OFFSET, 5);
            int record = ring.dataOffset();
            ring.memory().putLongVolatile(record + WorkQueueRingDescriptor.STATE_OFFSET, WorkQueueRingDescriptor.claimed(3, 5));
            ring.memory().putLongVolatile(WorkQueueRingDescriptor.DISPATCH_OFFSET, 64);
            try (Subscriber consumer = ring.consumer()) {
                Collector c = new Collector();
                assertEquals(2, consumer.poll(c, 10));
                assertEquals(41, ByteBuffer.wrap(c.payloads.get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong());
                assertEquals(42, ByteBuffer.wrap(c.payloads.get(1)).order(ByteOrder.LITTLE_ENDIAN).getLong());
                assertEquals(1, ring.stats().redeliveries());
                assertEquals(0, ring.size());
            }
        }
    }

    @Test
    void aClaimOfALiveConsumerIsNeverTakenOver() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber holder = ring.consumer();
             Subscriber other = ring.consumer()) {
            publish(publisher, 1, 8);
            publish(publisher, 2, 8);
            List<Long> seenByOther = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> holder.poll((t, b, o, l) -> {
                // while the holder handles message 1, the other consumer (checking for orphans) must not get it
                other.poll((t2, b2, o2, l2) -> seenByOther.add(b2.order(ByteOrder.LITTLE_ENDIAN).getLong(o2)), 10);
                throw new IllegalStateException("stop");
            }, 1));
            assertEquals(List.of(2L), seenByOther);
        }
    }

    @Test
    void aRecordLeftUnclaimedBehindTheDispatchHintIsStillDelivered() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            publish(publisher, 1, 8);
            ring.memory().putLongVolatile(WorkQueueRingDescriptor.DISPATCH_OFFSET, 64);
            assertFalse(ring.records().mayHaveWaiting());
            assertEquals(1, consumer.poll(new Collector(), 10));
        }
    }

    @Test
    void theMessageBoundIsExactAndCountsMessagesNotYetTaken() {
        WorkQueueRingOptions options = WorkQueueRingOptions.forMessages(3, 16);
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), options);
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            for (int i = 0; i < 3; i++) {
                assertTrue(publish(publisher, i, 8));
                assertEquals(i + 1, ring.size());
            }
            assertFalse(publish(publisher, 3, 8));
            assertEquals(1, consumer.poll(new Collector(), 1));
            assertEquals(2, ring.size());
            assertTrue(publish(publisher, 3, 8));
            assertFalse(publish(publisher, 4, 8));
            assertEquals(3, consumer.poll(new Collector(), 10));
            assertEquals(0, ring.size());
        }
    }

    @Test
    void blockingPollWaitsOrTimesOutAndBlockingOfferWaitsForRoom() throws Exception {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.forMessages(1, 8));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            assertEquals(0, consumer.poll(new Collector(), 1, 30, TimeUnit.MILLISECONDS));
            assertTrue(publish(publisher, 1, 8));
            ByteBuffer bytes = ByteBuffer.allocate(8);
            assertFalse(publisher.offer(bytes, 0, 8, 1, 30, TimeUnit.MILLISECONDS));
            Thread taker = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    try (Subscriber other = ring.consumer()) {
                        other.poll(new Collector(), 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            taker.start();
            assertTrue(publisher.offer(bytes, 0, 8, 1, 20, TimeUnit.SECONDS));
            taker.join(20_000);
            assertEquals(1, consumer.poll(new Collector(), 1, 20, TimeUnit.SECONDS));
        }
    }

    @Test
    void optionsAreValidatedAndSizedForTheMessages() {
        assertThrows(IllegalArgumentException.class, () -> WorkQueueRingOptions.defaults().capacity(3000));
        Path tooLong = paths.next("wq");
        assertThrows(IllegalArgumentException.class,
                () -> WorkQueueRing.create(tooLong, WorkQueueRingOptions.defaults().capacity(1024).maxMessageLength(1024 / 8 - 31)));
        assertFalse(Files.exists(tooLong), "no file for options that do not fit together");
        assertThrows(IllegalArgumentException.class, () -> WorkQueueRingOptions.defaults().capacity(1024).consumerSlots(0));
        assertThrows(IllegalArgumentException.class, () -> WorkQueueRingOptions.defaults().capacity(1024).maxMessages(-1));
        assertThrows(IllegalArgumentException.class, () -> WorkQueueRingOptions.forMessages(0, 10));
        WorkQueueRingOptions options = WorkQueueRingOptions.forMessages(100, 100);
        assertEquals(100, options.maxMessages());
        assertTrue(options.capacity() >= 102 * WorkQueueRingDescriptor.recordLength(100), "capacity=" + options.capacity());
        assertEquals(RingGeometry.MIN_CAPACITY, WorkQueueRingOptions.forMessages(1, 0).capacity());
    }

    @Test
    void openReadsTheShapeAndOpenOrCreateChecksIt() {
        Path path = paths.next("wq");
        WorkQueueRingOptions options = WorkQueueRingOptions.forMessages(10, 50).consumerSlots(4);
        try (WorkQueueRing created = WorkQueueRing.create(path, options);
             WorkQueueRing opened = WorkQueueRing.open(path);
             WorkQueueRing again = WorkQueueRing.openOrCreate(path, options)) {
            assertEquals(options, opened.options());
            assertEquals(options, again.options());
            assertThrows(IllegalArgumentException.class, () -> WorkQueueRing.openOrCreate(path, options.maxMessages(11)));
        }
        assertThrows(SharedMemoryException.class, () -> WorkQueueRing.open(paths.next("missing")));
        assertThrows(SharedMemoryException.class, () -> BroadcastRing.open(path), "a work queue is not a broadcast ring");
    }

    @Test
    void slotsRunOutOnlyWhileTheirOwnersLive() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(1024).consumerSlots(1).producerSlots(1))) {
            Subscriber consumer = ring.consumer();
            assertThrows(RingSlotsTakenException.class, ring::consumer);
            consumer.close();
            ring.consumer().close();
            Publisher publisher = ring.publisher();
            assertThrows(RingSlotsTakenException.class, ring::publisher);
            publisher.close();
            int producerSlot = WorkQueueRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET;
            ring.memory().putLongVolatile(producerSlot + ProducerSlotDescriptor.OWNER_OFFSET, DeadProcess.packed());
            ring.publisher().close();
        }
    }

    @Test
    void corruptedStateWordsAndPositionsGiveAClearException() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            publish(publisher, 1, 8);
            int record = ring.dataOffset();
            ring.memory().putLongVolatile(record + WorkQueueRingDescriptor.STATE_OFFSET, 12345);
            RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> consumer.poll(new Collector(), 1));
            assertTrue(e.getMessage().contains("state=0x3039"), e.getMessage());
            ring.memory().putLongVolatile(record + WorkQueueRingDescriptor.STATE_OFFSET, WorkQueueRingDescriptor.claimed(999, 1));
            assertThrows(RingCorruptedException.class, () -> consumer.poll(new Collector(), 1));
            ring.memory().putLongVolatile(record + WorkQueueRingDescriptor.STATE_OFFSET, 0);
            ring.memory().putInt(record + WorkQueueRingDescriptor.LENGTH_OFFSET, -1);
            assertThrows(RingCorruptedException.class, () -> consumer.poll(new Collector(), 1));
            ring.memory().putInt(record + WorkQueueRingDescriptor.LENGTH_OFFSET, 8);
            ring.memory().putLongVolatile(WorkQueueRingDescriptor.DISPATCH_OFFSET, 4096);
            e = assertThrows(RingCorruptedException.class, () -> consumer.poll(new Collector(), 1));
            assertTrue(e.getMessage().contains("dispatch=4096"), e.getMessage());
            ring.memory().putLongVolatile(WorkQueueRingDescriptor.DISPATCH_OFFSET, 0);
            ring.memory().putLong(record + WorkQueueRingDescriptor.SEQUENCE_OFFSET, -5);
            assertThrows(RingCorruptedException.class, ring::size);
            ring.memory().putLongVolatile(WorkQueueRingDescriptor.RECLAIM_OFFSET, 1 << 20);
            assertThrows(RingCorruptedException.class, () -> consumer.poll(new Collector(), 1));
        }
    }

    @Test
    void removeTakesOneWaitingMessageOutAndNothingElse() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wq-remove"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            for (int i = 0; i < 4; i++) {
                publisher.offer(new byte[] {(byte) i}, 0, 1, 1);
            }
            assertTrue(ring.remove(64));
            assertFalse(ring.remove(64), "a removed message is not removed twice");
            ring.memory().putLongVolatile(ring.dataOffset() + 128 + WorkQueueRingDescriptor.STATE_OFFSET,
                    WorkQueueRingDescriptor.claimed(0, 1));
            assertFalse(ring.remove(128), "a message a consumer claimed is not removable");
            ring.memory().putLongVolatile(ring.dataOffset() + 128 + WorkQueueRingDescriptor.STATE_OFFSET, 128);
            assertThrows(IllegalArgumentException.class, () -> ring.remove(65));
            Collector c = new Collector();
            assertEquals(3, consumer.poll(c, 10));
            assertEquals(List.of(0, 2, 3), List.of(c.payloads.get(0)[0] + 0, c.payloads.get(1)[0] + 0, c.payloads.get(2)[0] + 0));
            assertFalse(ring.remove(0), "a delivered and reclaimed message is not removable");
            assertEquals(0, ring.size(), "the removed record was reclaimed with the others");
        }
    }

    @Test
    void forMessagesRejectsWhatNoRingHoldsAndNamesTheLargest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkQueueRingOptions.forMessages(Integer.MAX_VALUE, 16));
        int largest = WorkQueueRingOptions.maxMessagesFor(16);
        assertTrue(e.getMessage().contains("maxMessages=" + Integer.MAX_VALUE) && e.getMessage().contains(" " + largest),
                e.getMessage());
        assertEquals(largest, WorkQueueRingOptions.forMessages(largest, 16).maxMessages());
        assertThrows(IllegalArgumentException.class, () -> WorkQueueRingOptions.forMessages(largest + 1, 16));
    }

    @Test
    void openOrCreateMakesTheFileWithTheAccessOfTheOptions() throws Exception {
        Path path = paths.next("wq-group");
        try (WorkQueueRing ring = WorkQueueRing.openOrCreate(path,
                WorkQueueRingOptions.defaults().capacity(1024).access(RegionAccess.OWNER_AND_GROUP))) {
            assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(ring.path()));
        }
    }
}
