package io.ipcring.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The producing side of a shared-memory ring: a {@link Publisher} that can also write a message
 * in place (zero copy).
 *
 * <pre>{@code
 * int index = producer.tryClaim(32, MY_TYPE);
 * if (index >= 0) {
 *     producer.buffer().putLong(index, orderId);   // write the payload in place
 *     producer.buffer().putLong(index + 8, price);
 *     producer.commit(index);                     // publish it
 * }
 * }</pre>
 *
 * <p>A producer holds at most one claim at a time and is used by one thread at a time. The
 * steady state allocates nothing.
 */
public interface RingProducer extends Publisher {
    /**
     * Claims room for one message if the ring can take it now.
     *
     * @param length payload length, from 0 to {@link #maxMessageLength()}
     * @param type   the message type, positive
     * @return the index in {@link #buffer()} of the payload's first byte, or -1 when the ring is
     *         full (back-pressure)
     * @throws IllegalArgumentException if the length or type is out of range
     * @throws IllegalStateException    if a claim is already pending
     * @throws ChannelClosedException   if this producer is closed
     */
    int tryClaim(int length, int type);

    /**
     * Claims room for one message, waiting up to {@code timeout} with the ring's
     * {@link WaitStrategy}.
     *
     * @param length  payload length, from 0 to {@link #maxMessageLength()}
     * @param type    the message type, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the payload's index in {@link #buffer()}, or -1 when the timeout expired
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    int tryClaim(int length, int type, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * The buffer claims point into: the whole mapping, little-endian. Write the claimed payload
     * at {@code [index, index + length)} with absolute puts, nothing outside it.
     *
     * @return the buffer (the same object for the producer's life)
     */
    ByteBuffer buffer();

    /**
     * Publishes the claimed message.
     *
     * @param index what {@link #tryClaim} returned
     * @throws IllegalStateException    if {@code index} is not the pending claim
     * @throws ClaimRepairedException   if the claim was repaired after the stuck-claim timeout
     */
    void commit(int index);

    /**
     * Gives the claim up: nothing is delivered for it.
     *
     * @param index what {@link #tryClaim} returned
     * @throws IllegalStateException  if {@code index} is not the pending claim
     * @throws ClaimRepairedException if the claim was repaired after the stuck-claim timeout
     */
    void abort(int index);
}
