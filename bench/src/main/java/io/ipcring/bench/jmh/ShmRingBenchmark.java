package io.ipcring.bench.jmh;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * ipcring's {@link SpscRing} and {@link MpscRing} over a file in {@code /dev/shm}, the same shapes
 * as {@link AgronaRingBenchmark}: one thread sending a message and reading it back through the
 * copying path ({@code offer}) and the zero-copy path ({@code tryClaim}/{@code commit}), each
 * followed by a {@code poll} that reads the sequence in place; and a two-thread group, one thread
 * offering and one polling, where each method's time is the cost of one message in a stream.
 * Every ring file is deleted in the {@code @TearDown}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShmRingBenchmark {
    /** The data capacity, the same as {@link AgronaRingBenchmark}'s. */
    static final int CAPACITY = 1 << 16;
    private static final int TYPE = 1;

    /**
     * A ring of the chosen kind in a fresh file, its producer and consumer; the subclasses below set its scope
     * (JMH wants {@code @Param} fields in a {@code @State} class).
     */
    @State(Scope.Thread)
    public abstract static class RingState {
        /** Which ring. */
        @Param({"spsc", "mpsc"})
        public String kind;

        /** Payload bytes (at least 8: the sequence). */
        @Param({"32"})
        public int size;

        Path path;
        AutoCloseable ring;
        RingProducer producer;
        RingConsumer consumer;
        byte[] payload;
        ByteBuffer payloadView;
        final SequenceReader reader = new SequenceReader();
        long sequence;

        /** Creates the ring file and attaches its producer and consumer. */
        @Setup
        public void setup() {
            path = SharedRegion.pathOf("ipcring-jmh-" + kind + "-" + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            UnicastRingOptions options = UnicastRingOptions.defaults().capacity(CAPACITY).waitStrategy(WaitStrategy.BUSY_SPIN);
            switch (kind) {
                case "spsc" -> {
                    SpscRing spsc = SpscRing.create(path, options);
                    ring = spsc;
                    producer = spsc.producer();
                    consumer = spsc.consumer();
                }
                case "mpsc" -> {
                    MpscRing mpsc = MpscRing.create(path, options);
                    ring = mpsc;
                    producer = mpsc.producer();
                    consumer = mpsc.consumer();
                }
                default -> throw new IllegalArgumentException("kind=" + kind + " is not spsc or mpsc");
            }
            payload = new byte[size];
            payloadView = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        }

        /**
         * Closes the ring and deletes its file.
         *
         * @throws Exception never: closing a ring throws no checked exception
         */
        @TearDown
        public void tearDown() throws Exception {
            try {
                if (ring != null) {
                    ring.close();
                }
            } finally {
                SharedRegion.delete(path);
            }
        }
    }

    /** A ring used by one thread, sending and receiving. */
    @State(Scope.Thread)
    public static class OneThread extends RingState {
    }

    /** A ring shared by the two threads of a group, one producing and one consuming. */
    @State(Scope.Group)
    public static class TwoThreads extends RingState {
    }

    /**
     * @param state the ring
     * @return the sequence read back after {@code offer}
     */
    @Benchmark
    public long offerPoll(OneThread state) {
        state.payloadView.putLong(0, ++state.sequence);
        if (!state.producer.offer(state.payload, 0, state.size, TYPE)) {
            throw new IllegalStateException("ring full");
        }
        return pollOne(state);
    }

    /**
     * @param state the ring
     * @return the sequence read back after {@code tryClaim}/{@code commit}
     */
    @Benchmark
    public long claimCommitPoll(OneThread state) {
        RingProducer producer = state.producer;
        int index = producer.tryClaim(state.size, TYPE);
        if (index == RingProducer.NO_CLAIM) {
            throw new IllegalStateException("ring full");
        }
        producer.buffer().putLong(index, ++state.sequence);
        producer.commit(index);
        return pollOne(state);
    }

    /**
     * The producing thread of the two-thread group: one {@code offer}, retried while the ring is
     * full.
     *
     * @param state   the shared ring
     * @param control tells when the measurement stops, so a full ring cannot hold this thread
     * @return whether the message went out (false only once the measurement stopped)
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    public boolean streamOffer(TwoThreads state, Control control) {
        state.payloadView.putLong(0, ++state.sequence);
        while (!state.producer.offer(state.payload, 0, state.size, TYPE)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * The consuming thread of the two-thread group: one {@code poll(handler, 1)}, retried while
     * the ring is empty.
     *
     * @param state   the shared ring
     * @param control tells when the measurement stops, so an empty ring cannot hold this thread
     * @return the sequence of the message read
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    public long streamPoll(TwoThreads state, Control control) {
        while (state.consumer.poll(state.reader, 1) == 0) {
            if (control.stopMeasurement) {
                break;
            }
            Thread.onSpinWait();
        }
        return state.reader.last;
    }

    private static long pollOne(OneThread state) {
        // one thread: the message just published is there (a wrap's padding is skipped inside)
        if (state.consumer.poll(state.reader, 1) != 1) {
            throw new IllegalStateException("the message just published was not polled");
        }
        return state.reader.last;
    }

    /** Reads the sequence in place. */
    static final class SequenceReader implements MessageHandler {
        long last;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            last = buffer.getLong(offset);
        }
    }
}
