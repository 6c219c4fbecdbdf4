package io.ipcring.transport;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import java.nio.ByteBuffer;

/**
 * Writes ipcring frames ({@link MessageFrame}: 8-byte header, payload) to a {@link ByteStream}.
 *
 * <p>How a frame goes out, allocating nothing in steady state:
 * <ul>
 *   <li>payload up to {@value #STAGING_PAYLOAD} bytes: header and payload are copied into one
 *       reused direct buffer and sent with a single write (on a FIFO, a frame up to PIPE_BUF
 *       bytes is therefore one atomic write);</li>
 *   <li>larger payload in a direct buffer: one gathering write of the header and a view of the
 *       caller's buffer (the view is kept and reused while the caller passes the same
 *       buffer);</li>
 *   <li>larger payload in a heap buffer: header and payload copied through the reused buffer in
 *       {@value #STAGING_PAYLOAD}-byte pieces.</li>
 * </ul>
 *
 * <p>Back-pressure: an offer returns false only while nothing of the frame has been written.
 * Once its first byte is out the frame is always finished, waiting for room as needed; if the
 * peer makes no room for {@link StreamOptions#writeTimeoutNanos()} the stream is closed (it
 * cannot carry another frame after half of one) and a {@link ChannelException} says so.
 *
 * <p>Not thread-safe: one offering thread.
 */
public final class FrameWriter {
    /** Payloads up to this size are copied and sent with the header in one write. */
    public static final int STAGING_PAYLOAD = 64 * 1024;

    private final ByteStream out;
    private final int maxLength;
    private final long writeTimeoutNanos;
    private final ByteBuffer staging;
    private final int stagingPayload;
    private final ByteBuffer[] parts = new ByteBuffer[2];
    private ByteBuffer lastSource;
    private ByteBuffer lastView;
    private String broken;

    /**
     * @param out     the stream
     * @param options the largest payload and the write timeout
     */
    public FrameWriter(ByteStream out, StreamOptions options) {
        this.out = out;
        this.maxLength = options.maxMessage();
        this.writeTimeoutNanos = options.writeTimeoutNanos();
        this.stagingPayload = Math.min(STAGING_PAYLOAD, maxLength);
        this.staging = ByteBuffer.allocateDirect(MessageFrame.HEADER_LENGTH + stagingPayload).order(MessageFrame.BYTE_ORDER);
    }

    /**
     * Writes one frame.
     *
     * @param src          the payload's buffer (absolute indexes; position and limit untouched)
     * @param offset       index of the first payload byte
     * @param length       payload length, in {@code [0, maxLength]}
     * @param type         the message type, positive (or a transport's reserved control type)
     * @param timeoutNanos how long to wait for room before the first byte; 0 never waits
     * @return true when the frame was written, false when the stream had no room in time and
     *         nothing was written
     * @throws IllegalArgumentException when the length is out of range
     * @throws ChannelClosedException   when the peer is gone or the stream is closed
     * @throws InterruptedException     when interrupted while waiting for the first byte's room
     */
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeoutNanos) throws InterruptedException {
        MessageFrame.checkUserLength(length, maxLength);
        if (offset < 0 || offset > src.capacity() - length) {
            throw new IndexOutOfBoundsException("offset=" + offset + " length=" + length + " outside buffer capacity=" + src.capacity());
        }
        if (broken != null) {
            throw new ChannelClosedException(out.name() + " is closed after an earlier error: " + broken);
        }
        staging.clear();
        MessageFrame.putHeader(staging, 0, length, type);
        parts[0] = staging;
        if (length <= stagingPayload) {
            staging.put(MessageFrame.HEADER_LENGTH, src, offset, length);
            staging.limit(MessageFrame.HEADER_LENGTH + length);
            return send(1, timeoutNanos);
        }
        if (src.isDirect()) {
            staging.limit(MessageFrame.HEADER_LENGTH);
            parts[1] = view(src, offset, length);
            boolean sent = send(2, timeoutNanos);
            parts[1] = null;
            return sent;
        }
        int chunk = stagingPayload;
        staging.put(MessageFrame.HEADER_LENGTH, src, offset, chunk);
        staging.limit(MessageFrame.HEADER_LENGTH + chunk);
        if (!send(1, timeoutNanos)) {
            return false;
        }
        for (int done = chunk; done < length; done += chunk) {
            chunk = Math.min(stagingPayload, length - done);
            staging.clear();
            staging.put(0, src, offset + done, chunk);
            staging.limit(chunk);
            complete(1);
        }
        return true;
    }

    private ByteBuffer view(ByteBuffer src, int offset, int length) {
        if (src != lastSource) {
            lastSource = src;
            lastView = src.duplicate();
        }
        lastView.clear();
        lastView.limit(offset + length).position(offset);
        return lastView;
    }

    private boolean send(int count, long timeoutNanos) throws InterruptedException {
        long written = write(count);
        if (written == 0) {
            if (timeoutNanos <= 0) {
                return false;
            }
            long deadline = System.nanoTime() + timeoutNanos;
            do {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !out.awaitWritable(left)) {
                    return false;
                }
                written = write(count);
            } while (written == 0);
        }
        complete(count);
        return true;
    }

    /** Finishes a frame whose first byte is out, whatever it takes (see the class comment). */
    private void complete(int count) {
        boolean interrupted = false;
        try {
            while (parts[count - 1].hasRemaining()) {
                if (write(count) > 0) {
                    continue;
                }
                boolean writable;
                try {
                    writable = out.awaitWritable(writeTimeoutNanos);
                } catch (InterruptedException e) {
                    interrupted = true;
                    continue;
                }
                if (!writable) {
                    broken = "the peer made no room for " + writeTimeoutNanos / 1_000_000 + " ms in the middle of a frame";
                    out.close();
                    throw new ChannelException(out.name() + ": " + broken + "; the stream is closed");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long write(int count) {
        try {
            return out.write(parts, 0, count);
        } catch (ChannelException e) {
            broken = e.getMessage();
            throw e;
        }
    }

    /** @return the largest payload */
    public int maxLength() {
        return maxLength;
    }
}
