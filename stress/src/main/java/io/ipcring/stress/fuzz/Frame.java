package io.ipcring.stress.fuzz;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A frame as a receiver delivered it or as an oracle expects it: type, payload length and the
 * payload's CRC-32C, so deliveries compare by value and print briefly.
 *
 * @param type   the delivered type
 * @param length the payload length
 * @param crc    CRC-32C of the payload
 */
public record Frame(int type, int length, long crc) {
    /**
     * @param type   the type
     * @param bytes  holds the payload
     * @param offset index of its first byte
     * @param length its length
     * @return the frame
     */
    public static Frame of(int type, byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return new Frame(type, length, crc.getValue());
    }

    /**
     * @param type   the type
     * @param buffer holds the payload (absolute indexes; position and limit untouched)
     * @param offset index of its first byte
     * @param length its length
     * @return the frame
     */
    public static Frame of(int type, ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(offset + length).position(offset));
        return new Frame(type, length, crc.getValue());
    }

    @Override
    public String toString() {
        return "frame(type=" + type + ", length=" + length + ", crc=" + Long.toHexString(crc) + ")";
    }
}
