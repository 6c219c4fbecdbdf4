package io.ipcring.bench.jmh;

import io.ipcring.ring.fanout.ByteArrayCodec;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * {@link RingQueue} of {@code byte[]} elements ({@link ByteArrayCodec}) in a {@code /dev/shm}
 * file, the same shapes as {@link ArrayBlockingQueueBenchmark}: one thread putting an element and
 * taking it back ({@code offer}/{@code poll}, {@code put}/{@code take}), and two-thread groups,
 * one thread putting and one taking. The element offered is one preallocated array; each
 * {@code poll}/{@code take} decodes a new {@code byte[size]} (16 bytes of array header plus the
 * payload, 48 bytes for 32), the allocation a queue across processes cannot avoid and the only
 * one the gc profiler should show. Every queue file is deleted in the {@code @TearDown}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingQueueBenchmark {
    /** The capacity in elements, the same as {@link ArrayBlockingQueueBenchmark}'s. */
    static final int CAPACITY = ArrayBlockingQueueBenchmark.CAPACITY;

    /**
     * A queue in a fresh file and the element put into it; the subclasses below set its scope
     * (JMH wants {@code @Param} fields in a {@code @State} class).
     */
    @State(Scope.Thread)
    public abstract static class QueueState {
        /** Element bytes. */
        @Param({"32"})
        public int size;

        Path path;
        RingQueue<byte[]> queue;
        byte[] element;

        /** Creates the queue file. */
        @Setup
        public void setup() {
            path = SharedRegion.pathOf("ipcring-jmh-queue-" + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            queue = RingQueue.open(path, CAPACITY, size, ByteArrayCodec.INSTANCE);
            element = new byte[size];
        }

        /** Closes the queue and deletes its file. */
        @TearDown
        public void tearDown() {
            try {
                if (queue != null) {
                    queue.close();
                }
            } finally {
                SharedRegion.delete(path);
            }
        }
    }

    /** A queue used by one thread, putting and taking. */
    @State(Scope.Thread)
    public static class OneThread extends QueueState {
    }

    /** A queue shared by the two threads of a group, one putting and one taking. */
    @State(Scope.Group)
    public static class TwoThreads extends QueueState {
    }

    /**
     * @param state the queue
     * @return the element polled back after {@code offer}
     */
    @Benchmark
    public byte[] offerPoll(OneThread state) {
        if (!state.queue.offer(state.element)) {
            throw new IllegalStateException("queue full");
        }
        return state.queue.poll();
    }

    /**
     * @param state the queue
     * @return the element taken back after {@code put}
     * @throws InterruptedException never: the queue has room and an element
     */
    @Benchmark
    public byte[] putTake(OneThread state) throws InterruptedException {
        state.queue.put(state.element);
        return state.queue.take();
    }

    /**
     * The putting thread of the non-blocking group: one {@code offer}, retried while the queue is
     * full.
     *
     * @param state   the shared queue
     * @param control tells when the measurement stops, so a full queue cannot hold this thread
     * @return whether the element went in (false only once the measurement stopped)
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    public boolean streamOffer(TwoThreads state, Control control) {
        while (!state.queue.offer(state.element)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * The taking thread of the non-blocking group: one {@code poll}, retried while the queue is
     * empty.
     *
     * @param state   the shared queue
     * @param control tells when the measurement stops, so an empty queue cannot hold this thread
     * @return the element, null only once the measurement stopped
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    public byte[] streamPoll(TwoThreads state, Control control) {
        byte[] element;
        while ((element = state.queue.poll()) == null && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
        return element;
    }

    /**
     * The putting thread of the blocking group: one {@code put}, which sleeps while the queue is
     * full. Once the measurement stopped it never calls {@code put} on a full queue: only this
     * thread puts, so a queue not full now has room for the put.
     *
     * @param state   the shared queue
     * @param control tells when the measurement stops
     * @return whether the element went in
     * @throws InterruptedException if JMH interrupts the thread
     */
    @Benchmark
    @Group("blocking")
    @GroupThreads(1)
    public boolean blockingPut(TwoThreads state, Control control) throws InterruptedException {
        if (control.stopMeasurement && state.queue.remainingCapacity() == 0) {
            return false;
        }
        state.queue.put(state.element);
        return true;
    }

    /**
     * The taking thread of the blocking group: one {@code take}, which sleeps while the queue is
     * empty. Once the measurement stopped it never calls {@code take} on an empty queue: only
     * this thread takes, so a queue not empty now has an element for the take.
     *
     * @param state   the shared queue
     * @param control tells when the measurement stops
     * @return the element, null when none was taken
     * @throws InterruptedException if JMH interrupts the thread
     */
    @Benchmark
    @Group("blocking")
    @GroupThreads(1)
    public byte[] blockingTake(TwoThreads state, Control control) throws InterruptedException {
        if (control.stopMeasurement && state.queue.isEmpty()) {
            return null;
        }
        return state.queue.take();
    }
}
