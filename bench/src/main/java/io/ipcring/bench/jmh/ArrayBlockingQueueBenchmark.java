package io.ipcring.bench.jmh;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ArrayBlockingQueue}, the in-process queue a {@code RingQueue} replaces across processes:
 * one thread putting an element and taking it back, with the non-blocking ({@code offer}/
 * {@code poll}) and the blocking ({@code put}/{@code take}) methods. The element is one
 * preallocated object, so the queue's own allocation (none) is what the gc profiler shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArrayBlockingQueueBenchmark {
    private static final int CAPACITY = 1024;

    private final Object element = new Object();
    private ArrayBlockingQueue<Object> queue;

    /** Creates the queue. */
    @Setup
    public void setup() {
        queue = new ArrayBlockingQueue<>(CAPACITY);
    }

    /** @return the element polled back after {@code offer} */
    @Benchmark
    public Object offerPoll() {
        if (!queue.offer(element)) {
            throw new IllegalStateException("queue full");
        }
        return queue.poll();
    }

    /**
     * @return the element taken back after {@code put}
     * @throws InterruptedException never: the queue has room and an element
     */
    @Benchmark
    public Object putTake() throws InterruptedException {
        queue.put(element);
        return queue.take();
    }
}
