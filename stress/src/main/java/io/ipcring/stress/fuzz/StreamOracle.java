package io.ipcring.stress.fuzz;

import io.ipcring.channel.MessageFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference decoder for a byte stream, written independently of
 * {@code io.ipcring.transport.FrameDecoder} from the format's definition: frames are taken in
 * order until the bytes end between two frames (a clean end) or a frame is malformed (a length
 * outside {@code [0, maxLength]}, a reserved type that is not one of the receiver's control
 * types, or a frame cut off by the end).
 */
public final class StreamOracle {
    /** How the stream ends. */
    public enum Ending {
        /** The bytes end between two frames. */
        CLEAN,
        /** A frame is malformed or cut off; nothing after it counts. */
        MALFORMED
    }

    /**
     * Where a frame lies in the stream.
     *
     * @param type   its type
     * @param offset index of its payload's first byte
     * @param length its payload length
     */
    public record Span(int type, int offset, int length) {
    }

    /**
     * What a receiver must deliver.
     *
     * @param bytes  the stream
     * @param spans  every frame before the ending, in order
     * @param ending how the stream ends
     */
    public record Expected(byte[] bytes, List<Span> spans, Ending ending) {
        /** @return the frames to deliver, in order */
        public List<Frame> frames() {
            List<Frame> frames = new ArrayList<>(spans.size());
            for (Span span : spans) {
                frames.add(Frame.of(span.type(), bytes, span.offset(), span.length()));
            }
            return frames;
        }
    }

    private StreamOracle() {
    }

    /**
     * @param bytes        the whole stream
     * @param maxLength    the receiver's largest payload
     * @param controlTypes reserved types the receiver accepts (delivered like user types)
     * @return what must be delivered
     */
    public static Expected decode(byte[] bytes, int maxLength, int... controlTypes) {
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Span> spans = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            if (bytes.length - at < MessageFrame.HEADER_LENGTH) {
                return new Expected(bytes, spans, Ending.MALFORMED);
            }
            int length = view.getInt(at + MessageFrame.LENGTH_OFFSET);
            int type = view.getInt(at + MessageFrame.TYPE_OFFSET);
            if (length < 0 || length > maxLength || type <= 0 && !contains(controlTypes, type)
                    || bytes.length - at - MessageFrame.HEADER_LENGTH < length) {
                return new Expected(bytes, spans, Ending.MALFORMED);
            }
            spans.add(new Span(type, at + MessageFrame.HEADER_LENGTH, length));
            at += MessageFrame.HEADER_LENGTH + length;
        }
        return new Expected(bytes, spans, Ending.CLEAN);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
