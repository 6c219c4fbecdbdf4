package io.ipcring.ring;

import io.ipcring.channel.Subscriber;

/**
 * The consuming side of a shared-memory ring: a {@link Subscriber} whose position lives in the
 * ring file, so a restarted consumer resumes where the last one acknowledged.
 *
 * <p>Delivery guarantee. {@link #poll(MessageHandler, int)} hands a batch of up to
 * {@code limit} messages to the handler and then stores the new position in the file (the
 * acknowledgement). Messages of a batch that returned are never delivered again, to this or
 * any later consumer. If the consumer process dies during a batch, a restarted consumer
 * delivers that whole batch again: at-least-once for the batch in flight, exactly-once for
 * everything else. {@code limit = 1} bounds a redelivery to one message. If the handler throws,
 * the messages before it and the message whose handler threw are acknowledged (a poison
 * message is not redelivered forever) and the exception propagates.
 *
 * <p>A ring has one consumer at a time: attaching while a live consumer is attached fails, and
 * the ring takes over from a consumer whose process died. Used by one thread at a time.
 */
public interface RingConsumer extends Subscriber {
    /** @return the position up to which messages were acknowledged, in bytes since creation */
    long position();
}
