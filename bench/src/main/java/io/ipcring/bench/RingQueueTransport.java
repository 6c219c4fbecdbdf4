package io.ipcring.bench;

import io.ipcring.ring.fanout.ByteArrayCodec;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code ring-queue}: ipcring's {@link RingQueue}, a {@link java.util.concurrent.BlockingQueue}
 * across processes, measured the way a queue user would use it: {@code put} and {@code take} of
 * {@code byte[]} elements (one queue each way), so each message costs an element allocation on
 * take, as with any {@code BlockingQueue<byte[]>}. Both blocking calls sleep on the ring's futex
 * when they must wait.
 */
final class RingQueueTransport implements Transport {
    static final String NAME = "ring-queue";
    private static final int CAPACITY = 4096;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mode() {
        return "blocking";
    }

    @Override
    public Speed speed() {
        return Speed.MEMORY;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean parentOpensFirst() {
        return true;
    }

    @Override
    public Endpoint open(CaseContext context) {
        CaseSpec spec = context.spec();
        boolean parent = context.side() == Side.PARENT;
        int length = Math.max(spec.size(), Long.BYTES);
        RingQueue<byte[]> out = RingQueue.open(path(spec, parent ? "a2b" : "b2a"), CAPACITY, length, ByteArrayCodec.INSTANCE);
        try {
            RingQueue<byte[]> in = RingQueue.open(path(spec, parent ? "b2a" : "a2b"), CAPACITY, length, ByteArrayCodec.INSTANCE);
            return new QueueEndpoint(out, in, spec.size(), parent ? spec : null);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @Override
    public void removeLeftovers(CaseSpec spec) {
        SharedRegion.delete(path(spec, "a2b"));
        SharedRegion.delete(path(spec, "b2a"));
    }

    private static Path path(CaseSpec spec, String direction) {
        return SharedRegion.defaultDirectory().resolve(spec.tag() + "-queue-" + direction);
    }

    /** put/take loops over two queues. */
    private final class QueueEndpoint extends Endpoint {
        private final RingQueue<byte[]> out;
        private final RingQueue<byte[]> in;
        private final byte[] message;
        private final ByteBuffer sequence;
        private final CaseSpec owned;

        QueueEndpoint(RingQueue<byte[]> out, RingQueue<byte[]> in, int size, CaseSpec owned) {
            this.out = out;
            this.in = in;
            this.message = new byte[Math.max(size, Long.BYTES)];
            this.sequence = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
            this.owned = owned;
        }

        @Override
        public void pingPong(long firstSequence, int count, Histogram histogram) {
            try {
                for (long s = firstSequence; s < firstSequence + count; s++) {
                    long start = System.nanoTime();
                    sequence.putLong(0, s);
                    out.put(message);
                    check(s, in.take());
                    histogram.recordValue(Math.min(System.nanoTime() - start, histogram.getHighestTrackableValue()));
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public void echo(int count) {
            try {
                for (int i = 0; i < count; i++) {
                    out.put(in.take());
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public void send(long firstSequence, long count) {
            try {
                for (long s = firstSequence; s < firstSequence + count; s++) {
                    sequence.putLong(0, s);
                    out.put(message);
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public long receive(long count) {
            try {
                check(0, in.take());
                long start = System.nanoTime();
                for (long s = 1; s < count; s++) {
                    check(s, in.take());
                }
                return System.nanoTime() - start;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        private void check(long expected, byte[] element) {
            long actual = 0;
            for (int i = Long.BYTES - 1; i >= 0; i--) {
                actual = actual << 8 | (element[i] & 0xFF);
            }
            if (actual != expected) {
                throw outOfSequence(NAME, expected, actual);
            }
        }

        private IllegalStateException interrupted(InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IllegalStateException(NAME + ": interrupted", e);
        }

        @Override
        public void close() {
            out.close();
            in.close();
            if (owned != null) {
                removeLeftovers(owned);
            }
        }
    }
}
