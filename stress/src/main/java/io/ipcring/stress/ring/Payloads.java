package io.ipcring.stress.ring;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingProducer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test payloads that show whether they were read whole: {@code length / 8} longs, word {@code i}
 * holding {@code id * 1000 + i}, written with plain stores in place, checked word by word.
 */
final class Payloads {
    /** Delivered intact. */
    static final int INTACT = 1;
    /** Delivered with a word that is not what the producer wrote (stale or torn). */
    static final int STALE = 0;
    /** Nothing delivered. */
    static final int NONE = -1;

    private Payloads() {
    }

    /**
     * Claims, writes the payload in place, commits.
     *
     * @param producer the producer
     * @param length   payload length, a multiple of 8
     * @param id       the message's id, also its type
     * @return true when the ring had room
     */
    static boolean send(RingProducer producer, int length, int id) {
        int index = producer.tryClaim(length, id);
        if (index == RingProducer.NO_CLAIM) {
            return false;
        }
        ByteBuffer buffer = producer.buffer();
        for (int i = 0; i < length / Long.BYTES; i++) {
            buffer.putLong(index + i * Long.BYTES, id * 1000L + i);
        }
        producer.commit(index);
        return true;
    }

    /**
     * Claims a batch, writes each record's payload in place, commits the batch.
     *
     * @param producer the producer
     * @param count    records
     * @param length   each payload's length, a multiple of 8
     * @param id       the records' id, also their type
     * @return true when the ring had room for the batch
     */
    static boolean sendBatch(RingProducer producer, int count, int length, int id) {
        int index = producer.tryClaimBatch(count, length, id);
        if (index == RingProducer.NO_CLAIM) {
            return false;
        }
        ByteBuffer buffer = producer.buffer();
        for (int k = 0; k < count; k++) {
            int payload = index + k * RingProducer.batchStride(length);
            for (int i = 0; i < length / Long.BYTES; i++) {
                buffer.putLong(payload + i * Long.BYTES, id * 1000L + i);
            }
        }
        producer.commitBatch(index);
        return true;
    }

    /**
     * Copies a payload in (for publishers that have no in-place claim).
     *
     * @param publisher the publisher
     * @param length    payload length, a multiple of 8
     * @param id        the message's id, also its type
     * @return what {@code offer} returned
     */
    static boolean offer(Publisher publisher, int length, int id) {
        byte[] payload = new byte[length];
        ByteBuffer view = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length / Long.BYTES; i++) {
            view.putLong(i * Long.BYTES, id * 1000L + i);
        }
        return publisher.offer(payload, 0, length, id);
    }

    /**
     * @param type   the delivered type (the id)
     * @param buffer holds the payload
     * @param offset its first byte
     * @param length its length
     * @return {@link #INTACT} or {@link #STALE}
     */
    static int check(int type, ByteBuffer buffer, int offset, int length) {
        if (type <= 0 || length % Long.BYTES != 0) {
            return STALE;
        }
        for (int i = 0; i < length / Long.BYTES; i++) {
            if (buffer.getLong(offset + i * Long.BYTES) != type * 1000L + i) {
                return STALE;
            }
        }
        return INTACT;
    }

    /** Records what a poll delivered: how many, which ids in order, whether every payload was intact. */
    static final class Collector implements MessageHandler {
        int count;
        int ids;
        int firstId;
        boolean intact = true;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            if (count == 0) {
                firstId = type;
            }
            count++;
            ids = ids * 10 + type;
            intact &= check(type, buffer, offset, length) == INTACT;
        }

        /**
         * Polls until the ring is empty (bounded: the stress rings hold at most 128 records).
         *
         * @param consumer the consumer
         * @return this
         */
        Collector drain(Subscriber consumer) {
            for (int i = 0; i < 64 && consumer.poll(this, 100) > 0; i++) {
                Thread.onSpinWait();
            }
            return this;
        }

        /** @return {@link #NONE}, {@link #INTACT} or {@link #STALE} */
        int verdict() {
            return count == 0 ? NONE : intact ? INTACT : STALE;
        }
    }
}
