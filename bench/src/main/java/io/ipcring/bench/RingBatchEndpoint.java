package io.ipcring.bench;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingProducer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.HdrHistogram.Histogram;

/**
 * Both sides' loops over a ring producer's batch calls, busy spinning: the throughput stream goes
 * out in batches of up to {@code batch} messages, each claimed with one
 * {@link RingProducer#tryClaimBatch}, its sequence numbers written in place, and published with
 * one {@link RingProducer#commitBatch}; the receiver polls as {@link ChannelEndpoint} does and
 * counts (and checks) every message. A round trip is a batch of one each way
 * ({@link RingProducer#offerBatch(ByteBuffer, int, int, int, int) offerBatch} of one message), so
 * the latency columns compare with {@code shm-spsc}'s.
 */
final class RingBatchEndpoint extends Endpoint {
    private static final int MESSAGE_TYPE = 1;

    private final String name;
    private final RingProducer out;
    private final Subscriber in;
    private final int size;
    private final int batch;
    private final int stride;
    private final ByteBuffer payload;
    private final Receiver receiver = new Receiver();
    private final Echoer echoer = new Echoer();

    /**
     * @param name  the transport's name, for messages
     * @param out   where this side sends
     * @param in    where this side receives
     * @param size  the message size, at least 8 (the sequence number)
     * @param batch messages per batch of a stream, at most what the ring takes in one batch of this size
     */
    RingBatchEndpoint(String name, RingProducer out, Subscriber in, int size, int batch) {
        this.name = name;
        this.out = out;
        this.in = in;
        this.size = size;
        this.batch = Math.min(batch, out.maxBatchCount(size));
        this.stride = RingProducer.batchStride(size);
        this.payload = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void offerOne(ByteBuffer buffer, int offset) {
        while (!out.offerBatch(buffer, offset, 1, size, MESSAGE_TYPE)) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void pingPong(long firstSequence, int count, Histogram histogram) {
        long highest = histogram.getHighestTrackableValue();
        for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
            long start = System.nanoTime();
            payload.putLong(0, seq);
            offerOne(payload, 0);
            receiver.expected = seq;
            while (in.poll(receiver, 1) == 0) {
                Thread.onSpinWait();
            }
            histogram.recordValue(Math.min(System.nanoTime() - start, highest));
        }
    }

    @Override
    public void echo(int count) {
        echoer.remaining = count;
        while (echoer.remaining > 0) {
            if (in.poll(echoer, 1) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void send(long firstSequence, long count) {
        ByteBuffer buffer = out.buffer();
        long seq = firstSequence;
        long end = firstSequence + count;
        while (seq < end) {
            int n = (int) Math.min(batch, end - seq);
            int index;
            while ((index = out.tryClaimBatch(n, size, MESSAGE_TYPE)) == RingProducer.NO_CLAIM) {
                Thread.onSpinWait();
            }
            for (int k = 0; k < n; k++) {
                buffer.putLong(index + k * stride, seq++);
            }
            out.commitBatch(index);
        }
    }

    @Override
    public long receive(long count) {
        receiver.expected = 0;
        while (in.poll(receiver, batch(count, receiver.expected)) == 0) {
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        while (receiver.expected < count) {
            if (in.poll(receiver, batch(count, receiver.expected)) == 0) {
                Thread.onSpinWait();
            }
        }
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        try {
            out.close();
        } finally {
            in.close();
        }
    }

    /** Checks each message's sequence in place. */
    private final class Receiver implements MessageHandler {
        long expected;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            long got = buffer.getLong(offset);
            if (got != expected) {
                throw outOfSequence(name, expected, got);
            }
            expected++;
        }
    }

    /** Publishes each message straight back, a batch of one. */
    private final class Echoer implements MessageHandler {
        int remaining;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            offerOne(buffer, offset);
            remaining--;
        }
    }
}
