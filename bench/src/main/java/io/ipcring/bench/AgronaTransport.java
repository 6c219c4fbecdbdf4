package io.ipcring.bench;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The Agrona peers: {@code agrona-o2o} ({@link OneToOneRingBuffer}) and {@code agrona-m2o}
 * ({@link ManyToOneRingBuffer}, one producer here, so it measures the cost of its claim CAS), each
 * over a file in the case's {@code /dev/shm} directory mapped by both processes, one ring per
 * direction. Messages are copied in with {@code write} and read in place by the handler; the echo
 * copies straight from the incoming ring into the outgoing one.
 *
 * <p>Each ring's data capacity is the case's ({@link CaseSpec#capacity()}, {@code --capacity}).
 *
 * <p>Agrona 2.x buffers need {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}; the
 * harness passes it to both processes of these cases only.
 */
final class AgronaTransport implements Transport {
    /** The flag Agrona 2.x needs on every Java version. */
    static final List<String> FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");
    private static final int MESSAGE_TYPE = 1;

    private final String name;
    private final boolean manyToOne;

    private AgronaTransport(String name, boolean manyToOne) {
        this.name = name;
        this.manyToOne = manyToOne;
    }

    static AgronaTransport oneToOne() {
        return new AgronaTransport("agrona-o2o", false);
    }

    static AgronaTransport manyToOne() {
        return new AgronaTransport("agrona-m2o", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String mode() {
        return "busy-spin";
    }

    @Override
    public Speed speed() {
        return Speed.MEMORY;
    }

    @Override
    public List<String> jvmFlags() {
        return FLAGS;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public String capacityUse() {
        return "ring buffer data bytes";
    }

    @Override
    public boolean parentOpensFirst() {
        return true;
    }

    @Override
    public Endpoint open(CaseContext context) throws IOException {
        boolean create = context.side() == Side.PARENT;
        int capacity = context.spec().capacity();
        MappedByteBuffer toChild = map(context.file(name + "-a2b"), capacity, create);
        MappedByteBuffer toParent;
        try {
            toParent = map(context.file(name + "-b2a"), capacity, create);
        } catch (IOException | RuntimeException e) {
            IoUtil.unmap(toChild);
            throw e;
        }
        return create
                ? new AgronaEndpoint(name, ring(toChild), ring(toParent), context.spec().size(), toChild, toParent)
                : new AgronaEndpoint(name, ring(toParent), ring(toChild), context.spec().size(), toChild, toParent);
    }

    private RingBuffer ring(MappedByteBuffer mapping) {
        UnsafeBuffer buffer = new UnsafeBuffer(mapping);
        return manyToOne ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
    }

    private static MappedByteBuffer map(Path file, int capacity, boolean create) throws IOException {
        int length = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        try (FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (!create && channel.size() != length) {
                throw new IOException(file + " is " + channel.size() + " bytes, expected " + length);
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
    }

    /** Both sides' loops; {@code out} is the ring this side writes, {@code in} the one it reads. */
    private static final class AgronaEndpoint extends Endpoint {
        private final String name;
        private final RingBuffer out;
        private final RingBuffer in;
        private final int size;
        private final MappedByteBuffer[] mappings;
        private final UnsafeBuffer payload;
        private final Receiver receiver = new Receiver();
        private final Echoer echoer = new Echoer();

        AgronaEndpoint(String name, RingBuffer out, RingBuffer in, int size, MappedByteBuffer... mappings) {
            this.name = name;
            this.out = out;
            this.in = in;
            this.size = size;
            this.mappings = mappings;
            this.payload = new UnsafeBuffer(new byte[size]);
        }

        @Override
        public void pingPong(long firstSequence, int count, Histogram histogram) {
            long highest = histogram.getHighestTrackableValue();
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                long start = System.nanoTime();
                payload.putLong(0, seq);
                while (!out.write(MESSAGE_TYPE, payload, 0, size)) {
                    Thread.onSpinWait();
                }
                receiver.expected = seq;
                while (in.read(receiver, 1) == 0) {
                    Thread.onSpinWait();
                }
                histogram.recordValue(Math.min(System.nanoTime() - start, highest));
            }
        }

        @Override
        public void echo(int count) {
            echoer.remaining = count;
            while (echoer.remaining > 0) {
                if (in.read(echoer, 1) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void send(long firstSequence, long count) {
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                payload.putLong(0, seq);
                while (!out.write(MESSAGE_TYPE, payload, 0, size)) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public long receive(long count) {
            receiver.expected = 0;
            while (in.read(receiver, batch(count, receiver.expected)) == 0) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            while (receiver.expected < count) {
                if (in.read(receiver, batch(count, receiver.expected)) == 0) {
                    Thread.onSpinWait();
                }
            }
            return System.nanoTime() - start;
        }

        @Override
        public void close() {
            for (MappedByteBuffer m : mappings) {
                IoUtil.unmap(m);
            }
        }

        /** Checks each message's sequence in place. */
        private final class Receiver implements MessageHandler {
            long expected;

            @Override
            public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
                long got = buffer.getLong(index);
                if (got != expected) {
                    throw outOfSequence(name, expected, got);
                }
                expected++;
            }
        }

        /** Copies each message straight into the outgoing ring. */
        private final class Echoer implements MessageHandler {
            int remaining;

            @Override
            public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
                DirectBuffer source = buffer;
                while (!out.write(MESSAGE_TYPE, source, index, length)) {
                    Thread.onSpinWait();
                }
                remaining--;
            }
        }
    }
}
