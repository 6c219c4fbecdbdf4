package io.ipcring.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Test messages that prove order, completeness and integrity across processes: a payload is
 * {@code sequence (8 bytes) | CRC32C of the rest (4 bytes) | random bytes}, so a receiver can tell
 * a lost, duplicated, reordered or corrupted message. Shared by the multi-process tests of every
 * transport (this module's test-jar).
 */
public final class SequencedMessages {
    /** The smallest payload: sequence and checksum. */
    public static final int MIN_LENGTH = 12;

    private final SplittableRandom random;
    private final CRC32C crc = new CRC32C();

    /** @param seed the seed of the random payload bytes and lengths */
    public SequencedMessages(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * @param maxLength the largest payload the channel takes, at least {@link #MIN_LENGTH}
     * @return a random payload length in {@code [MIN_LENGTH, maxLength]}
     */
    public int nextLength(int maxLength) {
        return MIN_LENGTH + random.nextInt(maxLength - MIN_LENGTH + 1);
    }

    /**
     * Writes a message.
     *
     * @param dst      where (absolute indexes)
     * @param offset   first byte
     * @param length   payload length, at least {@link #MIN_LENGTH}
     * @param sequence the sequence number to carry
     */
    public void write(ByteBuffer dst, int offset, int length, long sequence) {
        ByteBuffer b = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(offset, sequence);
        for (int i = MIN_LENGTH; i < length; i++) {
            b.put(offset + i, (byte) random.nextInt());
        }
        b.putInt(offset + 8, checksum(b, offset, length));
    }

    /**
     * Checks a received message.
     *
     * @param src    where it is (absolute indexes)
     * @param offset first byte
     * @param length payload length
     * @return the sequence number it carries
     * @throws AssertionError when too short or its checksum does not match
     */
    public long verify(ByteBuffer src, int offset, int length) {
        if (length < MIN_LENGTH) {
            throw new AssertionError("message of " + length + " bytes is shorter than " + MIN_LENGTH);
        }
        ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long sequence = b.getLong(offset);
        int expected = b.getInt(offset + 8);
        int actual = checksum(b, offset, length);
        if (expected != actual) {
            throw new AssertionError("message " + sequence + " (" + length + " bytes) is corrupted: crc "
                    + Integer.toHexString(actual) + " != " + Integer.toHexString(expected));
        }
        return sequence;
    }

    private int checksum(ByteBuffer b, int offset, int length) {
        crc.reset();
        crc.update(b.duplicate().limit(offset + 8).position(offset));
        crc.update(b.duplicate().limit(offset + length).position(offset + MIN_LENGTH));
        return (int) crc.getValue();
    }
}
