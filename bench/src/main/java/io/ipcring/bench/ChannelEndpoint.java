package io.ipcring.bench;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Both sides' loops over a publisher and a subscriber of any transport: in busy-spin mode the
 * non-blocking {@code offer}/{@code poll}, spinning; in blocking mode their timed variants, which
 * sleep in the transport. Closing it closes both channels.
 */
final class ChannelEndpoint extends Endpoint {
    private static final int MESSAGE_TYPE = 1;

    private final String name;
    private final Publisher out;
    private final Subscriber in;
    private final int size;
    private final boolean blocking;
    private final ByteBuffer payload;
    private final Receiver receiver = new Receiver();
    private final Echoer echoer = new Echoer();

    /**
     * @param name     the transport's name, for messages
     * @param out      where this side sends
     * @param in       where this side receives
     * @param size     the message size
     * @param blocking whether to use the timed (sleeping) offer and poll
     */
    ChannelEndpoint(String name, Publisher out, Subscriber in, int size, boolean blocking) {
        this.name = name;
        this.out = out;
        this.in = in;
        this.size = size;
        this.blocking = blocking;
        this.payload = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void offer(ByteBuffer buffer, int offset, int length) {
        try {
            if (blocking) {
                while (!out.offer(buffer, offset, length, MESSAGE_TYPE, 1, TimeUnit.SECONDS)) {
                    Thread.onSpinWait();
                }
            } else {
                while (!out.offer(buffer, offset, length, MESSAGE_TYPE)) {
                    Thread.onSpinWait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while sending", e);
        }
    }

    private int poll(MessageHandler handler, int limit) {
        try {
            return blocking ? in.poll(handler, limit, 1, TimeUnit.SECONDS) : in.poll(handler, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while receiving", e);
        }
    }

    @Override
    public void pingPong(long firstSequence, int count, Histogram histogram) {
        long highest = histogram.getHighestTrackableValue();
        for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
            long start = System.nanoTime();
            payload.putLong(0, seq);
            offer(payload, 0, size);
            receiver.expected = seq;
            while (poll(receiver, 1) == 0) {
                Thread.onSpinWait();
            }
            histogram.recordValue(Math.min(System.nanoTime() - start, highest));
        }
    }

    @Override
    public void echo(int count) {
        echoer.remaining = count;
        while (echoer.remaining > 0) {
            if (poll(echoer, 1) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void send(long firstSequence, long count) {
        for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
            payload.putLong(0, seq);
            offer(payload, 0, size);
        }
    }

    @Override
    public long receive(long count) {
        receiver.expected = 0;
        while (poll(receiver, batch(count, receiver.expected)) == 0) {
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        while (receiver.expected < count) {
            if (poll(receiver, batch(count, receiver.expected)) == 0) {
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
            long raw = buffer.getLong(offset);
            long got = buffer.order() == ByteOrder.LITTLE_ENDIAN ? raw : Long.reverseBytes(raw);
            if (got != expected) {
                throw outOfSequence(name, expected, got);
            }
            expected++;
        }
    }

    /** Publishes each message straight back. */
    private final class Echoer implements MessageHandler {
        int remaining;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            offer(buffer, offset, length);
            remaining--;
        }
    }
}
