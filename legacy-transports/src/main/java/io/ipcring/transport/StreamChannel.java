package io.ipcring.transport;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Publisher} and {@link Subscriber} over byte streams: frames go out through a
 * {@link FrameWriter} on the outgoing stream and come in through a {@link FrameDecoder} on the
 * incoming one. Either direction may be absent (a one-way channel); using it then throws
 * {@link UnsupportedOperationException}. The two directions may be the same stream (a socket)
 * or two (a child process's stdin and stdout).
 *
 * <p>One thread may offer while another polls; each direction is used by one thread at a time,
 * and {@link #close()} must not run concurrently with either.
 */
public final class StreamChannel implements Publisher, Subscriber {
    private final String uri;
    private final ByteStream in;
    private final ByteStream out;
    private final FrameDecoder decoder;
    private final FrameWriter writer;
    private final int maxMessage;
    private volatile boolean closed;

    /**
     * @param uri     the channel's URI, for {@link #uri()} and messages
     * @param in      the stream frames arrive on, or null for a send-only channel
     * @param out     the stream frames leave on, or null for a receive-only channel
     * @param options the largest payload (both directions) and the write timeout
     */
    public StreamChannel(String uri, ByteStream in, ByteStream out, StreamOptions options) {
        if (in == null && out == null) {
            throw new IllegalArgumentException(uri + ": a channel needs at least one direction");
        }
        this.uri = uri;
        this.in = in;
        this.out = out;
        this.maxMessage = options.maxMessage();
        this.decoder = in == null ? null : FrameDecoder.of(in, options.maxMessage());
        this.writer = out == null ? null : new FrameWriter(out, options);
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        MessageFrame.checkUserType(type);
        try {
            return writer().offer(src, offset, length, type, 0);
        } catch (InterruptedException e) {
            // a zero timeout never waits, so it is never interrupted while waiting
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        MessageFrame.checkUserType(type);
        return writer().offer(src, offset, length, type, Math.max(1, unit.toNanos(timeout)));
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        return decoder().poll(handler, limit);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Waits first, reads after: unless a frame is already buffered, it sleeps until the
     * stream is readable ({@link ByteStream#awaitReadable}, a {@code poll(2)} that the timeout
     * needs) and then reads once, so a message that arrives while it waits costs those two
     * system calls, not a read that finds nothing before them.
     */
    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        FrameDecoder d = decoder();
        if (d.hasBufferedFrame()) {
            return d.poll(handler, limit);
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                // a last look without waiting, as the untimed poll would take
                return d.poll(handler, limit);
            }
            if (in.awaitReadable(left)) {
                int n = d.poll(handler, limit);
                if (n > 0) {
                    return n;
                }
            }
        }
    }

    private FrameWriter writer() {
        checkOpen();
        if (writer == null) {
            throw new UnsupportedOperationException(uri + " was opened for receiving only");
        }
        return writer;
    }

    private FrameDecoder decoder() {
        checkOpen();
        if (decoder == null) {
            throw new UnsupportedOperationException(uri + " was opened for sending only");
        }
        return decoder;
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(uri + " is closed");
        }
    }

    /** @return true when frames can be sent */
    public boolean canSend() {
        return writer != null;
    }

    /** @return true when frames can be received */
    public boolean canReceive() {
        return decoder != null;
    }

    @Override
    public int maxMessageLength() {
        return maxMessage;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Closes both streams; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (in != null) {
                in.close();
            }
        } finally {
            if (out != null && out != in) {
                out.close();
            }
        }
    }
}
