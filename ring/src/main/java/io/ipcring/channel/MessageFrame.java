package io.ipcring.channel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ipcring message format, shared by every transport: an 8-byte header followed by the payload.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Payload length (int32, LE)                    |  0
 *  +---------------------------------------------------------------+
 *  |                    Message type (int32, LE)                   |  4
 *  +---------------------------------------------------------------+
 *  |                        Payload ...                           ...  8
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Types above 0 are the user's; 0 and below are reserved ({@link #PADDING_TYPE} fills the end
 * of a ring at the wrap). In a ring each record starts on an {@link #ALIGNMENT}-byte boundary.
 * Stream transports (pipe, FIFO, socket) send header and payload back to back; datagram
 * transports (message queues) send them as one message. Every decoder checks the length
 * against its configured maximum before it allocates or reads anything.
 */
public final class MessageFrame {
    /** Bytes in the header. */
    public static final int HEADER_LENGTH = 8;
    /** Offset of the payload length in the header. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the type in the header. */
    public static final int TYPE_OFFSET = 4;
    /** Records in a ring start on multiples of this many bytes. */
    public static final int ALIGNMENT = 8;
    /** The reserved type of a padding record, which fills a ring's end at the wrap. */
    public static final int PADDING_TYPE = -1;
    /** The byte order of header words on every platform. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    private MessageFrame() {
    }

    /**
     * @param payloadLength the payload length, non-negative
     * @return the bytes a record with this payload takes in a ring: header plus payload, rounded
     *         up to {@link #ALIGNMENT}
     */
    public static int alignedRecordLength(int payloadLength) {
        return (HEADER_LENGTH + payloadLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Checks a type a user wants to send.
     *
     * @param type the type
     * @throws IllegalArgumentException when {@code type <= 0} (reserved)
     */
    public static void checkUserType(int type) {
        if (type <= 0) {
            throw new IllegalArgumentException("type=" + type + " is reserved: message types must be positive");
        }
    }

    /**
     * Checks a payload length a user wants to send.
     *
     * @param length    the payload length
     * @param maxLength the channel's maximum
     * @throws IllegalArgumentException when out of {@code [0, maxLength]}
     */
    public static void checkUserLength(int length, int maxLength) {
        if (length < 0 || length > maxLength) {
            throw new IllegalArgumentException("length=" + length + " must be in [0, " + maxLength + "]");
        }
    }

    /**
     * Checks the part of a source a user wants to send. A publisher calls it, with the type and
     * length checks, before it touches anything shared: a claim that the copy then failed to fill
     * would be left uncommitted for every process.
     *
     * @param offset       index of the first payload byte in the source
     * @param length       the payload length, already checked non-negative
     * @param sourceLength the source's array length or buffer limit
     * @throws IndexOutOfBoundsException when {@code [offset, offset + length)} is not within
     *                                   {@code [0, sourceLength)}
     */
    public static void checkUserRange(int offset, int length, int sourceLength) {
        // sourceLength - offset cannot overflow once offset >= 0; offset + length could
        if (offset < 0 || length < 0 || length > sourceLength - offset) {
            throw new IndexOutOfBoundsException("offset=" + offset + " length=" + length
                    + " is outside the source (its array length or buffer limit is " + sourceLength + ")");
        }
    }

    /**
     * Writes a header.
     *
     * @param buffer where to write (absolute index; byte order of the buffer is ignored)
     * @param index  index of the header's first byte
     * @param length the payload length
     * @param type   the message type
     */
    public static void putHeader(ByteBuffer buffer, int index, int length, int type) {
        buffer.putInt(index + LENGTH_OFFSET, BYTE_ORDER == buffer.order() ? length : Integer.reverseBytes(length));
        buffer.putInt(index + TYPE_OFFSET, BYTE_ORDER == buffer.order() ? type : Integer.reverseBytes(type));
    }

    /**
     * Reads and validates the payload length of a received header.
     *
     * @param buffer    holds the header (absolute index; byte order of the buffer is ignored)
     * @param index     index of the header's first byte
     * @param maxLength the largest payload the receiver accepts
     * @param source    names the channel, for the error message
     * @return the payload length, in {@code [0, maxLength]}
     * @throws MalformedFrameException when negative or larger than {@code maxLength}
     */
    public static int readLength(ByteBuffer buffer, int index, int maxLength, String source) {
        int raw = buffer.getInt(index + LENGTH_OFFSET);
        int length = BYTE_ORDER == buffer.order() ? raw : Integer.reverseBytes(raw);
        if (length < 0 || length > maxLength) {
            throw new MalformedFrameException(source + ": frame length " + length + " outside [0, " + maxLength + "]");
        }
        return length;
    }

    /**
     * Reads and validates the type of a received header.
     *
     * @param buffer holds the header (absolute index; byte order of the buffer is ignored)
     * @param index  index of the header's first byte
     * @param source names the channel, for the error message
     * @return the type, positive
     * @throws MalformedFrameException when the type is reserved ({@code <= 0})
     */
    public static int readType(ByteBuffer buffer, int index, String source) {
        int raw = buffer.getInt(index + TYPE_OFFSET);
        int type = BYTE_ORDER == buffer.order() ? raw : Integer.reverseBytes(raw);
        if (type <= 0) {
            throw new MalformedFrameException(source + ": frame type " + type + " is reserved (types must be positive)");
        }
        return type;
    }
}
