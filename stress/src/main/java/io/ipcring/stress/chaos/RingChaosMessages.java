package io.ipcring.stress.chaos;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The messages of the ring chaos run: type = producer index + 1; payload = producer index
 * (int), incarnation (int), sequence within the incarnation (long), body length (int),
 * CRC-32C (int) of everything else, then a body of bytes drawn from a generator seeded by the
 * three ids, so every message is unique and any damage shows.
 */
final class RingChaosMessages {
    /** Bytes before the body. */
    static final int PREFIX = 24;
    private static final int CRC_OFFSET = 20;

    private RingChaosMessages() {
    }

    /**
     * Writes a message's payload in place.
     *
     * @return the payload length
     */
    static int write(ByteBuffer buffer, int index, int producer, int incarnation, long seq, int bodyLength) {
        buffer.putInt(index, producer);
        buffer.putInt(index + 4, incarnation);
        buffer.putLong(index + 8, seq);
        buffer.putInt(index + 16, bodyLength);
        SplittableRandom body = new SplittableRandom(seed(producer, incarnation, seq));
        for (int i = 0; i < bodyLength; i++) {
            buffer.put(index + PREFIX + i, (byte) body.nextInt(256));
        }
        buffer.putInt(index + CRC_OFFSET, crc(buffer, index, PREFIX + bodyLength));
        return PREFIX + bodyLength;
    }

    /**
     * Checks a delivered payload.
     *
     * @return the log line for it, {@code "producer incarnation seq"}, or null when it is damaged
     */
    static String check(int type, ByteBuffer buffer, int offset, int length) {
        if (length < PREFIX) {
            return null;
        }
        int producer = buffer.getInt(offset);
        int incarnation = buffer.getInt(offset + 4);
        long seq = buffer.getLong(offset + 8);
        int bodyLength = buffer.getInt(offset + 16);
        if (type != producer + 1 || bodyLength != length - PREFIX || buffer.getInt(offset + CRC_OFFSET) != crc(buffer, offset, length)) {
            return null;
        }
        SplittableRandom body = new SplittableRandom(seed(producer, incarnation, seq));
        for (int i = 0; i < bodyLength; i++) {
            if (buffer.get(offset + PREFIX + i) != (byte) body.nextInt(256)) {
                return null;
            }
        }
        return producer + " " + incarnation + " " + seq;
    }

    private static long seed(int producer, int incarnation, long seq) {
        return ((long) producer << 48) ^ ((long) incarnation << 32) ^ seq;
    }

    /** @return CRC-32C of the payload's bytes except the CRC field itself */
    private static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(offset + CRC_OFFSET).position(offset));
        crc.update(buffer.duplicate().limit(offset + length).position(offset + PREFIX));
        return (int) crc.getValue();
    }
}
