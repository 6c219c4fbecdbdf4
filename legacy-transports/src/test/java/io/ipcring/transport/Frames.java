package io.ipcring.transport;

import io.ipcring.channel.MessageFrame;
import java.nio.ByteBuffer;

/** Raw frame bytes for tests, including hostile ones no writer of ours would produce. */
public final class Frames {
    private Frames() {
    }

    /**
     * @param length  the length word, whatever it says
     * @param type    the type word
     * @param payload the bytes that follow (need not match {@code length})
     * @return header and payload
     */
    public static byte[] raw(int length, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(MessageFrame.HEADER_LENGTH + payload.length).order(MessageFrame.BYTE_ORDER);
        b.putInt(length).putInt(type).put(payload);
        return b.array();
    }

    /**
     * @param type    the type
     * @param payload the payload
     * @return a valid frame
     */
    public static byte[] frame(int type, byte[] payload) {
        return raw(payload.length, type, payload);
    }

    /** The hostile frames every stream decoder must reject, by name. */
    public enum Hostile {
        /** Announces 2 GiB - 1. */
        HUGE_LENGTH(raw(Integer.MAX_VALUE, 1, new byte[16])),
        /** A negative length. */
        NEGATIVE_LENGTH(raw(-5, 1, new byte[16])),
        /** A reserved type. */
        RESERVED_TYPE(raw(4, 0, new byte[4])),
        /** Three bytes of a header, then end of stream. */
        TRUNCATED_HEADER(new byte[] {4, 0, 0}),
        /** A header announcing 100 bytes, 10 of them, then end of stream. */
        TRUNCATED_PAYLOAD(raw(100, 1, new byte[10]));

        private final byte[] bytes;

        Hostile(byte[] bytes) {
            this.bytes = bytes;
        }

        /** @return the bytes to write */
        public byte[] bytes() {
            return bytes.clone();
        }

        /** @return the words the decoder's error message must contain */
        public String expectedError() {
            switch (this) {
                case HUGE_LENGTH:
                    return "frame length " + Integer.MAX_VALUE + " outside";
                case NEGATIVE_LENGTH:
                    return "frame length -5 outside";
                case RESERVED_TYPE:
                    return "frame type 0 is reserved";
                case TRUNCATED_HEADER:
                    return "peer closed mid-frame: truncated header, 3 of 8 bytes";
                default:
                    return "peer closed mid-frame: truncated payload, 18 of 108 bytes";
            }
        }

        /** @return whether the frame is only wrong because the stream ends inside it */
        public boolean truncated() {
            return this == TRUNCATED_HEADER || this == TRUNCATED_PAYLOAD;
        }
    }
}
