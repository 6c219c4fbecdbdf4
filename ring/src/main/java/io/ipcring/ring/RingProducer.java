package io.ipcring.ring;

import io.ipcring.channel.Publisher;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The producing side of a shared-memory ring: a {@link Publisher} that can also write a message
 * in place (zero copy).
 *
 * <pre>{@code
 * int index = producer.tryClaim(32, MY_TYPE);
 * if (index != RingProducer.NO_CLAIM) {
 *     producer.buffer().putLong(index, orderId);   // write the payload in place
 *     producer.buffer().putLong(index + 8, price);
 *     producer.commit(index);                     // publish it
 * }
 * }</pre>
 *
 * <p>A producer holds at most one claim at a time and is used by one thread at a time. The
 * steady state allocates nothing.
 *
 * <p>What is valid when: between a claim and its {@link #commit} or {@link #abort}, the bytes
 * {@code [index, index + length)} of {@link #buffer()} are this producer's to write, and nothing
 * else of the buffer is: the 8-byte record header in front of {@code index} and everything after
 * the claim belong to the ring and to other processes' messages. After the commit or abort the
 * range belongs to the ring again (a consumer reads it, then producers reuse it). A write before
 * {@code index} that reaches the header is detected by the commit ({@link IllegalStateException},
 * the claim given up); a consumer may already have read such a header, and writes elsewhere are
 * not detected: they corrupt other messages. Nothing may keep the buffer, or a view or slice of
 * it, past {@link #close()}: the ring is unmapped then, and a later access throws
 * {@link IllegalStateException} on Java 22+ but may crash the JVM (SIGSEGV) on Java 17–21.
 */
public interface RingProducer extends Publisher {
    /**
     * What {@link #tryClaim} returns when it claimed nothing: the ring had no room (at once, or
     * within the timeout). Every index a claim returns is not negative.
     */
    int NO_CLAIM = -1;

    /**
     * Claims room for one message if the ring can take it now.
     *
     * @param length payload length, from 0 to {@link #maxMessageLength()}
     * @param type   the message type, positive
     * @return the index in {@link #buffer()} of the payload's first byte, or {@link #NO_CLAIM}
     *         when the ring is full (back-pressure)
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
     * @return the payload's index in {@link #buffer()}, or {@link #NO_CLAIM} when the timeout
     *         expired
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    int tryClaim(int length, int type, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * The buffer claims point into: the whole mapping, little-endian. Write the claimed payload
     * at {@code [index, index + length)} with absolute puts, nothing outside it, and only while
     * the claim is pending (see the class comment for what is valid when).
     *
     * @return the buffer (the same object for the producer's life)
     */
    ByteBuffer buffer();

    /**
     * Publishes the claimed message.
     *
     * @param index what {@link #tryClaim} returned
     * @throws IllegalStateException    if {@code index} is not the pending claim, or if a write
     *                                  outside the claim overwrote the record header in front of
     *                                  {@code index} (the message names the index and the values
     *                                  expected and found; the claim is given up as by
     *                                  {@link #abort}, so the ring goes on)
     * @throws ClaimRepairedException   if the claim was repaired after the stuck-claim timeout
     */
    void commit(int index);

    /**
     * Gives the claim up: nothing is delivered for it, whatever was written in the claimed range.
     *
     * @param index what {@link #tryClaim} returned
     * @throws IllegalStateException  if {@code index} is not the pending claim
     * @throws ClaimRepairedException if the claim was repaired after the stuck-claim timeout
     */
    void abort(int index);
}
