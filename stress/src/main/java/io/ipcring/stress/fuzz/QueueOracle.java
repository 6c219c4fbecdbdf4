package io.ipcring.stress.fuzz;

import io.ipcring.channel.MessageFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * A reference check of one message-queue message, written from the format's definition: a
 * message carries exactly one frame, so it is valid only when it holds at least a header, its
 * length field is in {@code [0, maxLength]} and equals the message size minus the header, its
 * type is positive, and (System V) the type equals the message's mtype.
 */
public final class QueueOracle {
    private QueueOracle() {
    }

    /**
     * @param message   the message as sent
     * @param maxLength the receiver's largest payload
     * @return the frame to deliver, or empty when the message is malformed
     */
    public static Optional<Frame> posix(byte[] message, int maxLength) {
        return check(message, message.length, maxLength);
    }

    /**
     * A System V message, which the receiver reads into a buffer one byte longer than its largest
     * frame (a longer message arrives truncated to that and is malformed).
     *
     * @param mtype     the message's mtype
     * @param text      the message text as sent
     * @param maxLength the receiver's largest payload
     * @return the frame to deliver, or empty when the message is malformed
     */
    public static Optional<Frame> sysV(long mtype, byte[] text, int maxLength) {
        int received = (int) Math.min(text.length, MessageFrame.HEADER_LENGTH + (long) maxLength + 1);
        Optional<Frame> frame = check(text, received, maxLength);
        return frame.filter(f -> f.type() == mtype);
    }

    private static Optional<Frame> check(byte[] bytes, int size, int maxLength) {
        if (size < MessageFrame.HEADER_LENGTH) {
            return Optional.empty();
        }
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int length = view.getInt(MessageFrame.LENGTH_OFFSET);
        int type = view.getInt(MessageFrame.TYPE_OFFSET);
        if (length < 0 || length > maxLength || MessageFrame.HEADER_LENGTH + length != size || type <= 0) {
            return Optional.empty();
        }
        return Optional.of(Frame.of(type, bytes, MessageFrame.HEADER_LENGTH, length));
    }
}
