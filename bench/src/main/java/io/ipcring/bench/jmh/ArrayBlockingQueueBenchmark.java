package io.ipcring.bench.jmh;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * {@link ArrayBlockingQueue}, the in-process queue a {@code RingQueue} replaces across processes:
 * one thread putting an element and taking it back, with the non-blocking ({@code offer}/
 * {@code poll}) and the blocking ({@code put}/{@code take}) methods, and the same two-thread
 * groups as {@link RingQueueBenchmark} (one thread putting, one taking). The element is one
 * preallocated object, so the queue's own allocation (none) is what the gc profiler shows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArrayBlockingQueueBenchmark {
    /** The capacity in elements. */
    static final int CAPACITY = 1024;

    /**
     * A queue and the element put into it; the subclasses below set its scope
     * (JMH wants {@code @Param} fields in a {@code @State} class).
     */
    @State(Scope.Thread)
    public abstract static class QueueState {
        final Object element = new Object();
        ArrayBlockingQueue<Object> queue;

        /** Creates the queue. */
        @Setup
        public void setup() {
            queue = new ArrayBlockingQueue<>(CAPACITY);
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
    public Object offerPoll(OneThread state) {
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
    public Object putTake(OneThread state) throws InterruptedException {
        state.queue.put(state.element);
        return state.queue.take();
    }

    /**
     * The putting thread of the non-blocking group: one {@code offer}, retried while full.
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
     * The taking thread of the non-blocking group: one {@code poll}, retried while empty.
     *
     * @param state   the shared queue
     * @param control tells when the measurement stops, so an empty queue cannot hold this thread
     * @return the element, null only once the measurement stopped
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    public Object streamPoll(TwoThreads state, Control control) {
        Object element;
        while ((element = state.queue.poll()) == null && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
        return element;
    }

    /**
     * The putting thread of the blocking group: one {@code put}; once the measurement stopped,
     * never on a full queue (see {@link RingQueueBenchmark#blockingPut}).
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
     * The taking thread of the blocking group: one {@code take}; once the measurement stopped,
     * never on an empty queue (see {@link RingQueueBenchmark#blockingTake}).
     *
     * @param state   the shared queue
     * @param control tells when the measurement stops
     * @return the element, null when none was taken
     * @throws InterruptedException if JMH interrupts the thread
     */
    @Benchmark
    @Group("blocking")
    @GroupThreads(1)
    public Object blockingTake(TwoThreads state, Control control) throws InterruptedException {
        if (control.stopMeasurement && state.queue.isEmpty()) {
            return null;
        }
        return state.queue.take();
    }
}
