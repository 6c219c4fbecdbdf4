package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.testsupport.AllocationMeter;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batch calls allocate nothing once warmed up: {@code tryClaimBatch}/{@code commitBatch},
 * both {@code offerBatch} forms and the {@code poll} that takes the batch, on SPSC and MPSC.
 * Measured with the JVM's per-thread allocation counter over windows of {@value #MEASURED}
 * batches after {@value #WARMUP}; the bound, {@value #MAX_BYTES_PER_BATCH} bytes per batch, is far below one
 * object per hundred batches.
 */
class BatchAllocationTest {
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 200_000;
    private static final double MAX_BYTES_PER_BATCH = 0.01;
    private static final int WINDOWS = 5;
    private static final int COUNT = 16;
    private static final int LENGTH = 32;
    private static final int TYPE = 3;

    private final TestPaths paths = new TestPaths();
    private final ByteBuffer source = ByteBuffer.allocateDirect(COUNT * LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final int[] lengths = new int[COUNT];
    private final Check check = new Check();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void spscBatchPathsAllocateNothing() {
        assumeTrue(AllocationMeter.isAvailable(), "this JVM does not count allocation per thread");
        try (SpscRing ring = SpscRing.create(paths.next("alloc-batch-spsc"), options())) {
            assertBatchPathsAllocateNothing(ring.producer(), ring.consumer());
        }
    }

    @Test
    void mpscBatchPathsAllocateNothing() {
        assumeTrue(AllocationMeter.isAvailable(), "this JVM does not count allocation per thread");
        try (MpscRing ring = MpscRing.create(paths.next("alloc-batch-mpsc"), options())) {
            assertBatchPathsAllocateNothing(ring.producer(), ring.consumer());
        }
    }

    private static UnicastRingOptions options() {
        return UnicastRingOptions.defaults().capacity(1 << 16).maxMessageLength(64);
    }

    private void assertBatchPathsAllocateNothing(RingProducer producer, RingConsumer consumer) {
        for (int i = 0; i < WARMUP; i++) {
            claimCommitPoll(producer, consumer);
            offerEqualPoll(producer, consumer);
            offerLengthsPoll(producer, consumer);
        }
        long claim = leastOfWindows(() -> claimCommitPoll(producer, consumer));
        long equal = leastOfWindows(() -> offerEqualPoll(producer, consumer));
        long lengths = leastOfWindows(() -> offerLengthsPoll(producer, consumer));
        assertEquals(check.sent, check.next);
        assertAll(() -> assertBound("tryClaimBatch/commitBatch/poll", claim),
                () -> assertBound("offerBatch(count, length)/poll", equal),
                () -> assertBound("offerBatch(lengths)/poll", lengths));
    }

    /**
     * Measures windows of {@value #MEASURED} batches until one stays under the bound, at most
     * {@value #WINDOWS}: the JIT may compile a path's VarHandle accesses (which allocate while
     * interpreted) only during the first windows, on a loaded machine later still; an allocation
     * in every batch fails them all.
     *
     * @return the bytes of the last window measured
     */
    private static long leastOfWindows(Runnable batch) {
        long bytes = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS && bytes > MAX_BYTES_PER_BATCH * MEASURED; window++) {
            long start = AllocationMeter.threadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                batch.run();
            }
            bytes = AllocationMeter.threadAllocatedBytes() - start;
        }
        return bytes;
    }

    private static void assertBound(String path, long bytes) {
        assertTrue(bytes <= MAX_BYTES_PER_BATCH * MEASURED, path + " allocated " + bytes + " bytes in " + MEASURED + " batches");
    }

    private void claimCommitPoll(RingProducer producer, RingConsumer consumer) {
        int index = producer.tryClaimBatch(COUNT, LENGTH, TYPE);
        if (index < 0) {
            throw new AssertionError("ring full");
        }
        for (int k = 0; k < COUNT; k++) {
            producer.buffer().putLong(index + k * RingProducer.batchStride(LENGTH), check.sent++);
        }
        producer.commitBatch(index);
        pollBatch(consumer);
    }

    private void offerEqualPoll(RingProducer producer, RingConsumer consumer) {
        for (int k = 0; k < COUNT; k++) {
            source.putLong(k * LENGTH, check.sent++);
        }
        if (!producer.offerBatch(source, 0, COUNT, LENGTH, TYPE)) {
            throw new AssertionError("ring full");
        }
        pollBatch(consumer);
    }

    /** Lengths 8, 9, ..., back to back in the source. */
    private void offerLengthsPoll(RingProducer producer, RingConsumer consumer) {
        int offset = 0;
        for (int k = 0; k < COUNT; k++) {
            lengths[k] = 8 + k;
            source.putLong(offset, check.sent++);
            offset += lengths[k];
        }
        if (!producer.offerBatch(source, 0, lengths, COUNT, TYPE)) {
            throw new AssertionError("ring full");
        }
        pollBatch(consumer);
    }

    private void pollBatch(RingConsumer consumer) {
        if (consumer.poll(check, COUNT) != COUNT) {
            throw new AssertionError("the batch ending at " + check.sent + " was not delivered whole");
        }
    }

    /** Checks the sequence in each message's first 8 bytes. */
    private static final class Check implements MessageHandler {
        long sent;
        long next;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            long got = buffer.getLong(offset);
            if (got != next) {
                throw new AssertionError("expected " + next + " got " + got);
            }
            next++;
        }
    }
}
