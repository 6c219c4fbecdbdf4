package io.ipcring.channel;

import java.util.concurrent.TimeUnit;

/**
 * Receives messages from a channel. Obtain one from {@link Channels#subscriber(String)}.
 *
 * <p>Unless an implementation says otherwise, a subscriber is used by one thread at a time; the
 * {@code shm:} channels' {@link #close()} may come from any thread.
 */
public interface Subscriber extends AutoCloseable {
    /**
     * Hands the messages available now, up to {@code limit}, to the handler, in order; never
     * waits.
     *
     * @param handler receives each message in place
     * @param limit   the most messages to deliver, positive
     * @return the number delivered, 0 when none was available
     * @throws ChannelClosedException when the channel or its peer is closed and nothing is left
     */
    int poll(MessageHandler handler, int limit);

    /**
     * Like {@link #poll(MessageHandler, int)}, but waits up to {@code timeout} for a first message
     * when none is available.
     *
     * @param handler receives each message in place
     * @param limit   the most messages to deliver, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the number delivered, 0 when the timeout expired
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException;

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
