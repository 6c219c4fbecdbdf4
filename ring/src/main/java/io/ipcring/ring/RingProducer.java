package io.ipcring.ring;

import io.ipcring.channel.MessageFrame;
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
 *
 * <p>Batches. {@link #tryClaimBatch} reserves room for {@code count} records of one payload
 * length and type with one reservation, the user writes each payload in place (record {@code k}
 * at {@code index + k * }{@link #batchStride batchStride(length)}), and {@link #commitBatch}
 * publishes them all at once: a consumer sees none of them or all of them, in order, never a
 * part (its acquire of the first record's header, stored last with a release, makes the others
 * visible). {@link #offerBatch(ByteBuffer, int, int, int, int) offerBatch} copies a batch in.
 * A batch never wraps: at the end of the ring a padding fills the rest, as for one record, and
 * the batch starts at index 0; so a batch takes at most a quarter of the ring
 * ({@link #maxBatchCount}), which always finds room once the consumer has caught up, wherever
 * the wrap falls. A batch claim is this producer's one claim: no other claim or offer until it
 * is committed or aborted. These calls are on the ring producer, not on {@link Publisher}: an
 * all-or-nothing batch is one reservation in a ring, but not a thing every transport can give
 * (a message queue takes one message per call and may be full in the middle of a batch; a
 * stream can be cut after any frame by its reader's close).
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

    /**
     * The distance between two records' payloads in a batch claim: a record of {@code length}
     * payload bytes, header included, aligned to {@link MessageFrame#ALIGNMENT}.
     *
     * @param length payload length, not negative
     * @return {@link MessageFrame#alignedRecordLength(int)} of it
     */
    static int batchStride(int length) {
        return MessageFrame.alignedRecordLength(length);
    }

    /**
     * The most records of {@code length} payload bytes one batch holds: a quarter of the ring's
     * capacity divided by {@link #batchStride}.
     *
     * @param length payload length, from 0 to {@link #maxMessageLength()}
     * @return the largest count {@link #tryClaimBatch} and {@link #offerBatch} accept, at least 1
     * @throws IllegalArgumentException if the length is out of range
     */
    int maxBatchCount(int length);

    /**
     * Claims room for {@code count} messages of one length and type if the ring can take them
     * all now, with one reservation. Write record {@code k}'s payload (for {@code k} from 0 to
     * {@code count - 1}) at {@code [index + k * stride, index + k * stride + length)} of
     * {@link #buffer()}, {@code stride} being {@link #batchStride batchStride(length)}, and
     * nothing else (the record headers between the payloads belong to the ring, as for
     * {@link #tryClaim}); then {@link #commitBatch} or {@link #abortBatch}.
     *
     * @param count  records, from 1 to {@link #maxBatchCount maxBatchCount(length)}
     * @param length each record's payload length, from 0 to {@link #maxMessageLength()}
     * @param type   their type, positive
     * @return the index in {@link #buffer()} of the first record's payload, or {@link #NO_CLAIM}
     *         when the ring has no room for the whole batch (back-pressure)
     * @throws IllegalArgumentException if the count, length or type is out of range (the
     *                                  message names the largest count)
     * @throws IllegalStateException    if a claim is already pending
     * @throws ChannelClosedException   if this producer is closed
     */
    int tryClaimBatch(int count, int length, int type);

    /**
     * Claims room for a batch, waiting up to {@code timeout} with the ring's
     * {@link WaitStrategy} until the whole batch fits.
     *
     * @param count   records, from 1 to {@link #maxBatchCount maxBatchCount(length)}
     * @param length  each record's payload length, from 0 to {@link #maxMessageLength()}
     * @param type    their type, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the first payload's index, or {@link #NO_CLAIM} when the timeout expired
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    int tryClaimBatch(int count, int length, int type, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Publishes every record of the pending batch claim, in order, as one step for the consumer.
     *
     * @param index what {@link #tryClaimBatch} returned
     * @throws IllegalStateException  if {@code index} is not the pending batch claim (a single
     *                                claim is committed by {@link #commit}), or if a write
     *                                outside the payloads overwrote a record header (the message
     *                                names it; the whole batch is given up as by
     *                                {@link #abortBatch}, so the ring goes on)
     * @throws ClaimRepairedException if the claim was repaired after the stuck-claim timeout
     */
    void commitBatch(int index);

    /**
     * Gives the pending batch claim up: nothing of it is delivered, whatever was written.
     *
     * @param index what {@link #tryClaimBatch} returned
     * @throws IllegalStateException  if {@code index} is not the pending batch claim
     * @throws ClaimRepairedException if the claim was repaired after the stuck-claim timeout
     */
    void abortBatch(int index);

    /**
     * Publishes {@code count} messages of {@code length} bytes each, taken back to back from
     * {@code src} starting at {@code offset}, if the ring can take them all now; one reservation
     * and one publication for the whole batch, no allocation.
     *
     * @param src    the payloads' buffer (absolute indexes; its position and limit are untouched)
     * @param offset index of the first payload's first byte
     * @param count  messages, from 1 to {@link #maxBatchCount maxBatchCount(length)}
     * @param length each payload's length, from 0 to {@link #maxMessageLength()}
     * @param type   their type, positive
     * @return true when all were published; false (none published) when the ring is full
     * @throws NullPointerException      if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code [offset, offset + count * length)} is not
     *                                   within {@code [0, src.limit())}
     * @throws IllegalArgumentException  if the count, length or type is out of range
     * @throws IllegalStateException     if a claim is pending
     */
    boolean offerBatch(ByteBuffer src, int offset, int count, int length, int type);

    /**
     * Publishes {@code count} messages of differing lengths, taken back to back from {@code src}
     * starting at {@code offset} (message {@code k} is {@code lengths[k]} bytes), if the ring can
     * take them all now; one reservation and one publication, no allocation. The batch's
     * records, each {@link #batchStride batchStride(lengths[k])} bytes, take at most a quarter
     * of the ring.
     *
     * @param src     the payloads' buffer (absolute indexes)
     * @param offset  index of the first payload's first byte
     * @param lengths each message's payload length, from 0 to {@link #maxMessageLength()}; not
     *                kept, and not to be changed during the call (a change is detected:
     *                {@link IllegalStateException}, nothing published)
     * @param count   messages: the first {@code count} entries of {@code lengths}, at least 1
     * @param type    their type, positive
     * @return true when all were published; false (none published) when the ring is full
     * @throws NullPointerException      if {@code src} or {@code lengths} is null
     * @throws IndexOutOfBoundsException if {@code count > lengths.length} or the payloads do not
     *                                   lie within {@code [0, src.limit())}
     * @throws IllegalArgumentException  if a length, the count, the batch's size or the type is
     *                                   out of range
     * @throws IllegalStateException     if a claim is pending
     */
    boolean offerBatch(ByteBuffer src, int offset, int[] lengths, int count, int type);
}
