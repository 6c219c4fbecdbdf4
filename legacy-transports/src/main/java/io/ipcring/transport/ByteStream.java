package io.ipcring.transport;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import java.nio.ByteBuffer;

/**
 * One end of a byte stream (a pipe, a FIFO, a connected socket) driven without ever blocking:
 * reads and writes transfer what the OS can take now, and the {@code await} methods wait for
 * readiness with a bound. {@link FrameDecoder} and {@link FrameWriter} build the message format
 * on top.
 *
 * <p>Errors are reported as {@link ChannelClosedException} when the peer is gone or the stream was
 * closed, and as {@link ChannelException} otherwise.
 */
public interface ByteStream extends AutoCloseable {
    /**
     * Reads what is available now into {@code dst} from its position to its limit, advancing the
     * position.
     *
     * @param dst a direct buffer
     * @return the number of bytes read, 0 when nothing is available now, -1 at end of stream
     */
    int read(ByteBuffer dst);

    /**
     * Writes what the stream takes now from {@code srcs[offset, offset + count)}, each from its
     * position to its limit, advancing the positions: one gathering system call.
     *
     * @param srcs   direct buffers
     * @param offset index of the first buffer
     * @param count  number of buffers
     * @return the number of bytes written, 0 when the stream is full
     * @throws ChannelClosedException when the reader is gone
     */
    long write(ByteBuffer[] srcs, int offset, int count);

    /**
     * Waits until a read would return data or end of stream.
     *
     * @param timeoutNanos the longest wait, 0 for a check without waiting
     * @return true when readable
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean awaitReadable(long timeoutNanos) throws InterruptedException;

    /**
     * Waits until a write would take at least one byte (or report the reader gone).
     *
     * @param timeoutNanos the longest wait, 0 for a check without waiting
     * @return true when writable
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean awaitWritable(long timeoutNanos) throws InterruptedException;

    /** @return what this stream is, for error messages */
    String name();

    /** Closes the stream; idempotent. */
    @Override
    void close();
}
