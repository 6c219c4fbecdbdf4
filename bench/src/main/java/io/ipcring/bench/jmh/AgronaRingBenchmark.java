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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Agrona's {@link OneToOneRingBuffer} and {@link ManyToOneRingBuffer}, one thread writing a
 * message and reading it back: the cost of the copying path ({@code write}) and of the zero-copy
 * path ({@code tryClaim}/{@code commit}), each followed by a {@code read} that sees the message in
 * place.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class AgronaRingBenchmark {
    private static final int CAPACITY = 1 << 16;
    private static final int TYPE = 1;

    /** Which ring. */
    @Param({"o2o", "m2o"})
    public String kind;

    /** Payload bytes. */
    @Param({"32"})
    public int size;

    private RingBuffer ring;
    private UnsafeBuffer payload;
    private final SequenceReader reader = new SequenceReader();
    private long sequence;

    /** Creates the ring over direct memory. */
    @Setup
    public void setup() {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH));
        ring = kind.equals("o2o") ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
        payload = new UnsafeBuffer(new byte[size]);
    }

    /** @return the sequence read back after {@code write} */
    @Benchmark
    public long writeRead() {
        payload.putLong(0, ++sequence);
        if (!ring.write(TYPE, payload, 0, size)) {
            throw new IllegalStateException("ring full");
        }
        readOne();
        return reader.last;
    }

    /** @return the sequence read back after {@code tryClaim}/{@code commit} */
    @Benchmark
    public long claimCommitRead() {
        int index = ring.tryClaim(TYPE, size);
        if (index <= 0) {
            throw new IllegalStateException("ring full");
        }
        ring.buffer().putLong(index, ++sequence);
        ring.commit(index);
        readOne();
        return reader.last;
    }

    private void readOne() {
        // a read that meets the padding record at the wrap skips it and returns 0; read again
        while (ring.read(reader, 1) == 0) {
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
