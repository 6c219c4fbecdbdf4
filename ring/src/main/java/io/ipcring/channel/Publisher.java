package io.ipcring.channel;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Sends messages on a channel: a shared-memory ring or any transport that carries the ipcring
 * message format (see {@link MessageFrame}). Obtain one from {@link Channels#publisher(String)}.
 *
 * <p>Unless an implementation says otherwise, a publisher is used by one thread at a time; the
 * {@code shm:} channels' {@link #close()} may come from any thread.
 *
 * <p>Every {@code offer} checks all its arguments before it touches anything shared: a call that
 * throws {@link NullPointerException}, {@link IndexOutOfBoundsException} or
 * {@link IllegalArgumentException} has sent nothing and left the channel as it was, for every
 * process. An exception while the payload is copied gives the claimed room up before it
 * propagates.
 */
public interface Publisher extends AutoCloseable {
    /**
     * Publishes one message if the channel can take it now.
     *
     * @param src    the payload's buffer (absolute indexes; its position and limit are untouched)
     * @param offset index of the first payload byte
     * @param length payload length, from 0 to {@link #maxMessageLength()}
     * @param type   the message type, positive
     * @return true when the message was published; false when the channel is full (back-pressure)
     * @throws NullPointerException      if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not within
     *                                   {@code [0, src.limit())}
     * @throws IllegalArgumentException  if the length or type is out of range
     * @throws ChannelClosedException    if the channel or its peer is closed
     */
    boolean offer(ByteBuffer src, int offset, int length, int type);

    /**
     * Publishes one message, waiting up to {@code timeout} for room.
     *
     * @param src     the payload's buffer (absolute indexes)
     * @param offset  index of the first payload byte
     * @param length  payload length, from 0 to {@link #maxMessageLength()}
     * @param type    the message type, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return true when published, false when the timeout expired first
     * @throws NullPointerException      if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not within
     *                                   {@code [0, src.limit())}
     * @throws IllegalArgumentException  if the length or type is out of range
     * @throws InterruptedException      if the thread is interrupted while waiting
     */
    boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException;

    /**
     * Publishes a message held in an array, if the channel can take it now.
     *
     * @param src    the payload
     * @param offset index of the first payload byte
     * @param length payload length
     * @param type   the message type, positive
     * @return true when published, false on back-pressure
     * @throws NullPointerException      if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not within
     *                                   {@code [0, src.length)}
     * @throws IllegalArgumentException  if the length or type is out of range
     */
    default boolean offer(byte[] src, int offset, int length, int type) {
        return offer(ByteBuffer.wrap(src), offset, length, type);
    }

    /** @return the largest payload this channel accepts */
    int maxMessageLength();

    /** @return the channel's URI */
    String uri();

    /**
     * Releases the channel's resources held by this process; never deletes shared objects.
     * On the {@code shm:} channels, callable from any thread, also while another thread is inside
     * a call (a shutdown hook closing a channel a worker uses): that call ends normally or throws
     * {@link ChannelClosedException}, and every later call throws it; the ring is never unmapped
     * under a call (see the README's Known limits for what that costs).
     */
    @Override
    void close();
}
