package io.ipcring.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Agrona's {@link OneToOneRingBuffer} and {@link ManyToOneRingBuffer}, one thread writing a
 * message and reading it back: the cost of the copying path ({@code write}) and of the zero-copy
 * path ({@code tryClaim}/{@code commit}), each followed by a {@code read} that sees the message in
 * place; and the same two-thread group as {@link ShmRingBenchmark}, one thread writing and one
 * reading.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class AgronaRingBenchmark {
    private static final int CAPACITY = 1 << 16;
    private static final int TYPE = 1;

    /**
     * A ring of the chosen kind over direct memory; the subclasses below set its scope
     * (JMH wants {@code @Param} fields in a {@code @State} class).
     */
    @State(Scope.Thread)
    public abstract static class RingState {
        /** Which ring. */
        @Param({"o2o", "m2o"})
        public String kind;

        /** Payload bytes. */
        @Param({"32"})
        public int size;

        RingBuffer ring;
        UnsafeBuffer payload;
        final SequenceReader reader = new SequenceReader();
        long sequence;

        /** Creates the ring over direct memory. */
        @Setup
        public void setup() {
            UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH));
            ring = kind.equals("o2o") ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
            payload = new UnsafeBuffer(new byte[size]);
        }
    }

    /** A ring used by one thread, writing and reading. */
    @State(Scope.Thread)
    public static class OneThread extends RingState {
    }

    /** A ring shared by the two threads of a group, one writing and one reading. */
    @State(Scope.Group)
    public static class TwoThreads extends RingState {
    }

    /**
     * @param state the ring
     * @return the sequence read back after {@code write}
     */
    @Benchmark
    public long writeRead(OneThread state) {
        state.payload.putLong(0, ++state.sequence);
        if (!state.ring.write(TYPE, state.payload, 0, state.size)) {
            throw new IllegalStateException("ring full");
        }
        readOne(state);
        return state.reader.last;
    }

    /**
     * @param state the ring
     * @return the sequence read back after {@code tryClaim}/{@code commit}
     */
    @Benchmark
    public long claimCommitRead(OneThread state) {
        RingBuffer ring = state.ring;
        int index = ring.tryClaim(TYPE, state.size);
        if (index <= 0) {
            throw new IllegalStateException("ring full");
        }
        ring.buffer().putLong(index, ++state.sequence);
        ring.commit(index);
        readOne(state);
        return state.reader.last;
    }

    /**
     * The writing thread of the two-thread group: one {@code write}, retried while the ring is
     * full.
     *
     * @param state   the shared ring
     * @param control tells when the measurement stops, so a full ring cannot hold this thread
     * @return whether the message went out (false only once the measurement stopped)
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    public boolean streamWrite(TwoThreads state, Control control) {
        state.payload.putLong(0, ++state.sequence);
        while (!state.ring.write(TYPE, state.payload, 0, state.size)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * The reading thread of the two-thread group: one {@code read(handler, 1)}, retried while
     * nothing is read (an empty ring, or the padding record at the wrap).
     *
     * @param state   the shared ring
     * @param control tells when the measurement stops, so an empty ring cannot hold this thread
     * @return the sequence of the message read
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    public long streamRead(TwoThreads state, Control control) {
        while (state.ring.read(state.reader, 1) == 0) {
            if (control.stopMeasurement) {
                break;
            }
            Thread.onSpinWait();
        }
        return state.reader.last;
    }

    private static void readOne(OneThread state) {
        // a read that meets the padding record at the wrap skips it and returns 0; read again
        while (state.ring.read(state.reader, 1) == 0) {
            Thread.onSpinWait();
        }
    }

    /** Reads the sequence in place. */
    private static final class SequenceReader implements MessageHandler {
        long last;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            last = buffer.getLong(index);
        }
    }
}
