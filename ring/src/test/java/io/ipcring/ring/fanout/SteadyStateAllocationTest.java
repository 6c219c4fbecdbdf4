package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.SpinBudget;
import io.ipcring.testsupport.AllocationMeter;
import io.ipcring.testsupport.TestPaths;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rings' hot paths allocate nothing once warmed up: {@code offer} (from an array and from a
 * {@link ByteBuffer}) and {@code poll} on every ring kind, {@code tryClaim}/{@code commit} on
 * {@link SpscRing} and {@link MpscRing}, and {@link RingQueue}'s {@code offer}/{@code poll} and
 * {@code put}/{@code take} beyond the copy of each taken element and what its codec creates,
 * including the timed waits, and the
 * timed offer and poll of a {@link BroadcastRing}. Measured
 * with the JVM's per-thread allocation counter (which counts every object this thread
 * allocates, whatever the JIT does) over {@value #MEASURED} operations after {@value #WARMUP} of
 * warm-up; the bound, {@value #MAX_BYTES_PER_OP} bytes per operation, is far below one object
 * per hundred operations, so any per-operation allocation (a capturing lambda, a boxed value, an
 * iterator, a wrapper) fails the test.
 */
class SteadyStateAllocationTest {
    private static final int WARMUP = 200_000;
    private static final int MEASURED = 1_000_000;
    /**
     * How long each timed wait lasts: the process's spin budget and 1 µs more, so that each
     * spins, then sleeps on the futex (and takes as long as it did when the spin was a hundred
     * checks, which gives the background compiler the same time to settle the path).
     */
    private static final long WAIT_NANOS = SpinBudget.nanos() + 1_000;
    /** Rounds of two timed waits that expire (each spins, then sleeps on the futex) before measuring. */
    private static final int TIMED_WAIT_WARMUP = 6_000;
    /** Rounds of two timed waits in one measured window. */
    private static final int TIMED_WAITS = 2_000;
    /**
     * Windows measured at most: the JIT settles this path later than the others (a few hundred
     * bytes in all still showed between rounds 4,000 and 6,000 here, and a loaded machine
     * compiles later), so the test passes when one window stays under the bound; an allocation
     * in every wait fails them all.
     */
    private static final int TIMED_WAIT_WINDOWS = 3;
    /** Far below one wait condition (16 or 24 bytes) per wait. */
    private static final int MAX_BYTES_PER_WAIT = 2;
    private static final double MAX_BYTES_PER_OP = 0.01;
    private static final int CAPACITY = 1 << 16;
    /** A broadcast ring that a few messages fill, for the timed offer's wait. */
    private static final int BROADCAST_WAIT_CAPACITY = 1024;
    private static final int MAX_PAYLOAD = 40;
    private static final int TYPE = 7;
    private static final MessageHandler IGNORE = (type, buffer, offset, length) -> { };

    private final TestPaths paths = new TestPaths();
    private final byte[] payload = new byte[MAX_PAYLOAD];
    private final ByteBuffer payloadView = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer direct = ByteBuffer.allocateDirect(MAX_PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
    private final SequenceCheck check = new SequenceCheck();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void spscRingPathsAllocateNothing() {
        assumeAllocationCounting();
        try (SpscRing ring = SpscRing.create(paths.next("alloc-spsc"), options())) {
            assertRingPathsAllocateNothing(ring.producer(), ring.consumer());
        }
    }

    @Test
    void mpscRingPathsAllocateNothing() {
        assumeAllocationCounting();
        try (MpscRing ring = MpscRing.create(paths.next("alloc-mpsc"), options())) {
            assertRingPathsAllocateNothing(ring.producer(), ring.consumer());
        }
    }

    @Test
    void broadcastRingPathsAllocateNothing() {
        assumeAllocationCounting();
        try (BroadcastRing ring = BroadcastRing.create(paths.next("alloc-broadcast"),
                BroadcastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_PAYLOAD))) {
            assertChannelPathsAllocateNothing(ring.publisher(), ring.subscribe("alloc", BroadcastRing.StartPosition.LATEST));
        }
    }

    @Test
    void workQueueRingPathsAllocateNothing() {
        assumeAllocationCounting();
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("alloc-workqueue"),
                WorkQueueRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_PAYLOAD))) {
            assertChannelPathsAllocateNothing(ring.publisher(), ring.consumer());
        }
    }

    /**
     * A take copies the element's bytes out of the ring for the codec: a {@code byte[32]} (48
     * bytes) and the {@link ByteBuffer} wrapping it (about 56); the bound leaves room for another
     * JVM's object layout, not for a second object.
     */
    private static final double MAX_BYTES_PER_TAKE = 128;

    @Test
    void ringQueueAllocatesOnlyTheCopyOfEachTakenElement() throws InterruptedException {
        assumeAllocationCounting();
        try (RingQueue<Object> queue = RingQueue.open(paths.next("alloc-queue"), 1024, SharedElementCodec.LENGTH,
                new SharedElementCodec())) {
            for (int i = 0; i < WARMUP; i++) {
                offerPoll(queue);
                putTake(queue);
            }
            long before = AllocationMeter.threadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                offerPoll(queue);
            }
            long afterOfferPoll = AllocationMeter.threadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                putTake(queue);
            }
            long afterPutTake = AllocationMeter.threadAllocatedBytes();
            assertAll(() -> assertBound("RingQueue offer/poll", afterOfferPoll - before, MAX_BYTES_PER_TAKE),
                    () -> assertBound("RingQueue put/take", afterPutTake - afterOfferPoll, MAX_BYTES_PER_TAKE));
        }
    }

    @Test
    void ringQueueTimedWaitsAllocateNothing() throws InterruptedException {
        assumeAllocationCounting();
        try (RingQueue<Object> queue = RingQueue.open(paths.next("alloc-wait"), 1, SharedElementCodec.LENGTH,
                new SharedElementCodec())) {
            assertTimedWaitsAllocateNothing(rounds -> timedWaits(queue, rounds),
                    "timed waits that expired (a poll on an empty queue, an offer on a full one)");
        }
    }

    @Test
    void broadcastTimedWaitsAllocateNothing() throws InterruptedException {
        assumeAllocationCounting();
        try (BroadcastRing ring = BroadcastRing.create(paths.next("alloc-broadcast-wait"),
                BroadcastRingOptions.defaults().capacity(BROADCAST_WAIT_CAPACITY).maxMessageLength(MAX_PAYLOAD))) {
            Publisher publisher = ring.publisher();
            Subscriber subscriber = ring.subscribe("alloc-wait", BroadcastRing.StartPosition.LATEST);
            assertTimedWaitsAllocateNothing(rounds -> broadcastTimedWaits(publisher, subscriber, rounds),
                    "broadcast timed waits that expired (a poll on an empty ring, an offer on a full one)");
        }
    }

    /**
     * Runs {@value #TIMED_WAIT_WARMUP} rounds of two timed waits, then windows of
     * {@value #TIMED_WAITS} rounds (at most {@value #TIMED_WAIT_WINDOWS}, until one stays under
     * the bound), and asserts the least a window allocated is below {@value #MAX_BYTES_PER_WAIT}
     * bytes per wait.
     */
    private void assertTimedWaitsAllocateNothing(TimedWaits waits, String what) throws InterruptedException {
        waits.run(TIMED_WAIT_WARMUP);
        List<Long> windows = new ArrayList<>();
        while (windows.size() < TIMED_WAIT_WINDOWS
                && (windows.isEmpty() || windows.get(windows.size() - 1) >= 2L * TIMED_WAITS * MAX_BYTES_PER_WAIT)) {
            AllocationMeter meter = AllocationMeter.start();
            waits.run(TIMED_WAITS);
            windows.add(meter.bytes());
        }
        long least = windows.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(least < 2L * TIMED_WAITS * MAX_BYTES_PER_WAIT, "bytes allocated by windows of " + 2 * TIMED_WAITS
                + " " + what + ": " + windows);
    }

    /** Rounds of two timed waits that expire. */
    @FunctionalInterface
    private interface TimedWaits {
        void run(int rounds) throws InterruptedException;
    }

    /**
     * Polls the empty ring, fills it, offers once more and drains it: the poll and the last offer
     * each wait {@link #WAIT_NANOS} (spin, then futex) in vain.
     */
    private void broadcastTimedWaits(Publisher publisher, Subscriber subscriber, int rounds) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            if (subscriber.poll(check, 1, WAIT_NANOS, TimeUnit.NANOSECONDS) != 0) {
                throw new AssertionError("round " + i + ": an empty ring delivered a message");
            }
            int sent = 0;
            while (publisher.offer(direct, 0, MAX_PAYLOAD, TYPE)) {
                sent++;
            }
            if (sent == 0 || publisher.offer(direct, 0, MAX_PAYLOAD, TYPE, WAIT_NANOS, TimeUnit.NANOSECONDS)) {
                throw new AssertionError("round " + i + ": " + sent + " messages filled the ring, then it took one more");
            }
            int received = 0;
            while (received < sent) {
                received += subscriber.poll(IGNORE, sent);
            }
        }
    }

    /**
     * Polls the empty queue and offers to the full one, each waiting {@link #WAIT_NANOS} (spin,
     * then futex) in vain; empties the queue with {@code clear}, which decodes (and so allocates) nothing.
     */
    private static void timedWaits(RingQueue<Object> queue, int rounds) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            if (queue.poll(WAIT_NANOS, TimeUnit.NANOSECONDS) != null || !queue.offer(SharedElementCodec.ELEMENT)
                    || queue.offer(SharedElementCodec.ELEMENT, WAIT_NANOS, TimeUnit.NANOSECONDS)
                    || queue.remainingCapacity() != 0) {
                throw new AssertionError("round " + i + ": an empty queue gave an element or a full one took one");
            }
            queue.clear();
        }
    }

    private void assertRingPathsAllocateNothing(RingProducer producer, Subscriber consumer) {
        for (int i = 0; i < WARMUP; i++) {
            offerArrayPoll(producer, consumer, i);
            offerBufferPoll(producer, consumer, i);
            claimCommitPoll(producer, consumer, i);
        }
        long start = AllocationMeter.threadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            offerArrayPoll(producer, consumer, i);
        }
        long afterArray = AllocationMeter.threadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            offerBufferPoll(producer, consumer, i);
        }
        long afterBuffer = AllocationMeter.threadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            claimCommitPoll(producer, consumer, i);
        }
        long afterClaim = AllocationMeter.threadAllocatedBytes();
        assertEquals(3L * (WARMUP + MEASURED), check.received);
        assertAll(() -> assertBound("offer(byte[])/poll", afterArray - start),
                () -> assertBound("offer(ByteBuffer)/poll", afterBuffer - afterArray),
                () -> assertBound("tryClaim/commit/poll", afterClaim - afterBuffer));
    }

    private void assertChannelPathsAllocateNothing(Publisher publisher, Subscriber subscriber) {
        for (int i = 0; i < WARMUP; i++) {
            offerArrayPoll(publisher, subscriber, i);
            offerBufferPoll(publisher, subscriber, i);
        }
        long start = AllocationMeter.threadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            offerArrayPoll(publisher, subscriber, i);
        }
        long afterArray = AllocationMeter.threadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            offerBufferPoll(publisher, subscriber, i);
        }
        long afterBuffer = AllocationMeter.threadAllocatedBytes();
        assertEquals(2L * (WARMUP + MEASURED), check.received);
        assertAll(() -> assertBound("offer(byte[])/poll", afterArray - start),
                () -> assertBound("offer(ByteBuffer)/poll", afterBuffer - afterArray));
    }

    /** Lengths 8 to 39: records of 16 to 48 bytes, so the ring wraps with padding of many sizes. */
    private static int length(int i) {
        return 8 + (i & 31);
    }

    private void offerArrayPoll(Publisher producer, Subscriber consumer, int i) {
        payloadView.putLong(0, ++check.sent);
        if (!producer.offer(payload, 0, length(i), TYPE)) {
            throw new AssertionError("ring full at " + i);
        }
        pollOne(consumer);
    }

    private void offerBufferPoll(Publisher producer, Subscriber consumer, int i) {
        direct.putLong(0, ++check.sent);
        if (!producer.offer(direct, 0, length(i), TYPE)) {
            throw new AssertionError("ring full at " + i);
        }
        pollOne(consumer);
    }

    private void claimCommitPoll(RingProducer producer, Subscriber consumer, int i) {
        int index = producer.tryClaim(length(i), TYPE);
        if (index < 0) {
            throw new AssertionError("ring full at " + i);
        }
        producer.buffer().putLong(index, ++check.sent);
        producer.commit(index);
        pollOne(consumer);
    }

    private void pollOne(Subscriber consumer) {
        if (consumer.poll(check, 1) != 1) {
            throw new AssertionError("message " + check.sent + " was not delivered");
        }
    }

    private static void offerPoll(RingQueue<Object> queue) {
        if (!queue.offer(SharedElementCodec.ELEMENT) || queue.poll() != SharedElementCodec.ELEMENT) {
            throw new AssertionError("offer/poll did not round-trip");
        }
    }

    private static void putTake(RingQueue<Object> queue) throws InterruptedException {
        queue.put(SharedElementCodec.ELEMENT);
        if (queue.take() != SharedElementCodec.ELEMENT) {
            throw new AssertionError("put/take did not round-trip");
        }
    }

    private static void assertBound(String path, long bytes) {
        assertBound(path, bytes, MAX_BYTES_PER_OP);
    }

    private static void assertBound(String path, long bytes, double bound) {
        double perOp = (double) bytes / MEASURED;
        assertTrue(perOp < bound, path + " allocated " + bytes + " bytes in " + MEASURED
                + " operations (" + perOp + " B/op, bound " + bound + ")");
    }

    private void assumeAllocationCounting() {
        assumeTrue(AllocationMeter.isAvailable(),
                "this JVM does not count per-thread allocation");
    }

    private static UnicastRingOptions options() {
        return UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_PAYLOAD);
    }

    /** Checks each message carries the next sequence, reading it in place. */
    private static final class SequenceCheck implements MessageHandler {
        long sent;
        long received;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            long sequence = buffer.getLong(offset);
            if (type != TYPE || sequence != ++received) {
                throw new AssertionError("got type=" + type + " sequence=" + sequence + ", expected type=" + TYPE
                        + " sequence=" + received);
            }
        }
    }

    /**
     * Encodes every element as 32 bytes and decodes them all to one shared object, so whatever
     * the queue allocates per element shows, and nothing the codec does.
     */
    private static final class SharedElementCodec implements ElementCodec<Object> {
        static final int LENGTH = 32;
        static final Object ELEMENT = new Object();

        @Override
        public int encodedLength(Object element) {
            return LENGTH;
        }

        @Override
        public void encode(Object element, ByteBuffer buffer, int offset) {
            for (int i = 0; i < LENGTH; i += Long.BYTES) {
                buffer.putLong(offset + i, LENGTH);
            }
        }

        @Override
        public Object decode(ByteBuffer buffer, int offset, int length) {
            if (length != LENGTH || buffer.getLong(offset) != LENGTH) {
                throw new AssertionError("element of length=" + length + " was not encoded by this codec");
            }
            return ELEMENT;
        }
    }
}
