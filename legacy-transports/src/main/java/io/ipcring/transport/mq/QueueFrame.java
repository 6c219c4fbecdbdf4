package io.ipcring.transport.mq;

import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import java.nio.ByteBuffer;

/**
 * One queue message carries exactly one ipcring frame: the 8-byte header of {@link MessageFrame}
 * followed by the payload, nothing before or after. The queue delimits messages, so the header's
 * length is redundant on the wire and serves as a check: a received message is valid only when
 * its size is exactly the header plus the length the header states.
 *
 * <pre>
 *  queue message (n bytes, as the kernel returns it)
 *  +--------------------+--------------------+-------------------------------+
 *  | length (int32 LE)  |  type (int32 LE)   |  payload: exactly length bytes |
 *  +--------------------+--------------------+-------------------------------+
 *  0                    4                    8                           n = 8 + length
 * </pre>
 */
final class QueueFrame {
    private QueueFrame() {
    }

    /**
     * Writes a frame: header, then the payload copied from {@code src}.
     *
     * @param dst        where the frame goes (absolute indexes)
     * @param frameIndex index of the frame's first byte in {@code dst}
     * @param src        the payload's buffer (absolute indexes, position and limit untouched)
     * @param offset     index of the first payload byte in {@code src}
     * @param length     payload length, already checked against the channel's maximum
     * @param type       the message type, already checked to be positive
     * @return the frame's length in bytes: header plus payload
     */
    static int write(ByteBuffer dst, int frameIndex, ByteBuffer src, int offset, int length, int type) {
        dst.put(frameIndex + MessageFrame.HEADER_LENGTH, src, offset, length);
        MessageFrame.putHeader(dst, frameIndex, length, type);
        return MessageFrame.HEADER_LENGTH + length;
    }

    /**
     * Writes a frame whose payload is held in an array.
     *
     * @see #write(ByteBuffer, int, ByteBuffer, int, int, int)
     */
    static int write(ByteBuffer dst, int frameIndex, byte[] src, int offset, int length, int type) {
        dst.put(frameIndex + MessageFrame.HEADER_LENGTH, src, offset, length);
        MessageFrame.putHeader(dst, frameIndex, length, type);
        return MessageFrame.HEADER_LENGTH + length;
    }

    /**
     * Validates a received message as one frame and returns its payload length. The type is
     * checked separately with {@link MessageFrame#readType}.
     *
     * @param buffer        holds the received message (absolute indexes)
     * @param frameIndex    index of the message's first byte
     * @param receivedBytes the message size the kernel reported
     * @param maxPayload    the largest payload the receiver accepts
     * @param source        names the queue, for error messages
     * @return the payload length, in {@code [0, maxPayload]}, with {@code 8 + length == receivedBytes}
     * @throws MalformedFrameException when the message is shorter than a header, longer than the
     *                                 largest frame, or its length field disagrees with its size
     */
    static int payloadLength(ByteBuffer buffer, int frameIndex, long receivedBytes, int maxPayload, String source) {
        if (receivedBytes < MessageFrame.HEADER_LENGTH) {
            throw new MalformedFrameException(source + ": message of " + receivedBytes
                    + " bytes is shorter than the " + MessageFrame.HEADER_LENGTH + "-byte frame header");
        }
        if (receivedBytes - MessageFrame.HEADER_LENGTH > maxPayload) {
            throw new MalformedFrameException(source + ": message of " + receivedBytes + " bytes exceeds the largest frame "
                    + (MessageFrame.HEADER_LENGTH + maxPayload) + " (header + maxPayload=" + maxPayload + ")");
        }
        int length = MessageFrame.readLength(buffer, frameIndex, maxPayload, source);
        if (MessageFrame.HEADER_LENGTH + length != receivedBytes) {
            throw new MalformedFrameException(source + ": frame length field " + length + " disagrees with the message size "
                    + receivedBytes + " (expected " + (MessageFrame.HEADER_LENGTH + length) + " = header + length)");
        }
        return length;
    }
}
