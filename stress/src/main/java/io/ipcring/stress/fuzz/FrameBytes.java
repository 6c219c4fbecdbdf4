package io.ipcring.stress.fuzz;

import io.ipcring.channel.MessageFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates hostile frame bytes from a seeded random source: mostly well-formed frames (payload
 * lengths 0, small, up to and exactly the receiver's maximum), with types and lengths drawn from
 * the edges (0, negative, reserved, maximum + 1, {@code Integer.MIN_VALUE}/{@code MAX_VALUE}),
 * then mutated: bits flipped, a length field overwritten, garbage inserted or appended, the
 * whole truncated. The same seed gives the same bytes.
 */
public final class FrameBytes {
    private static final int[] EDGE_LENGTHS = {-1, -8, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, 0x7FFF_FFF8};
    private static final int[] EDGE_TYPES = {0, -1, -2, -3, -4, -5, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private FrameBytes() {
    }

    /**
     * A stream of frames for a stream decoder, hostile or not.
     *
     * @param random       the seeded source
     * @param maxLength    the receiver's largest payload
     * @param maxBytes     the most bytes to produce (the result may be shorter, never longer)
     * @param controlTypes reserved types the receiver handles itself, to be drawn now and then
     * @return the bytes
     */
    public static byte[] stream(SplittableRandom random, int maxLength, int maxBytes, int... controlTypes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(8);
        int[] headers = new int[frames];
        int written = 0;
        for (; written < frames; written++) {
            int room = maxBytes - out.size() - MessageFrame.HEADER_LENGTH;
            if (room < 0) {
                break;
            }
            int length = Math.min(payloadLength(random, maxLength), room);
            headers[written] = out.size();
            out.writeBytes(frame(random, length, type(random, controlTypes)));
        }
        byte[] bytes = mutate(random, out.toByteArray(), Arrays.copyOf(headers, written), maxLength);
        return bytes.length > maxBytes ? Arrays.copyOf(bytes, maxBytes) : bytes;
    }

    /**
     * One queue message: a frame, hostile or not, of at most {@code maxBytes} bytes.
     *
     * @param random    the seeded source
     * @param maxLength the receiver's largest payload
     * @param maxBytes  the largest message the queue takes
     * @return the message's bytes
     */
    public static byte[] message(SplittableRandom random, int maxLength, int maxBytes) {
        int length = Math.min(payloadLength(random, maxLength), Math.max(0, maxBytes - MessageFrame.HEADER_LENGTH));
        byte[] bytes = mutate(random, frame(random, length, type(random)), new int[] {0}, maxLength);
        if (random.nextInt(20) == 0) {
            bytes = Arrays.copyOf(bytes, random.nextInt(MessageFrame.HEADER_LENGTH));
        }
        return bytes.length > maxBytes ? Arrays.copyOf(bytes, maxBytes) : bytes;
    }

    /**
     * A well-formed frame with a random payload.
     *
     * @param random the seeded source
     * @param length the payload length, not negative
     * @param type   the type field
     * @return header and payload
     */
    public static byte[] frame(SplittableRandom random, int length, int type) {
        byte[] frame = new byte[MessageFrame.HEADER_LENGTH + length];
        ByteBuffer header = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        MessageFrame.putHeader(header, 0, length, type);
        for (int i = MessageFrame.HEADER_LENGTH; i < frame.length; i++) {
            frame[i] = (byte) random.nextInt(256);
        }
        return frame;
    }

    private static int payloadLength(SplittableRandom random, int maxLength) {
        int pick = random.nextInt(20);
        if (pick < 3) {
            return 0;
        }
        if (pick < 11) {
            return random.nextInt(Math.min(64, maxLength) + 1);
        }
        if (pick < 17) {
            return random.nextInt(maxLength + 1);
        }
        if (pick < 19) {
            return maxLength;
        }
        return maxLength + 1;
    }

    private static int type(SplittableRandom random, int... controlTypes) {
        int pick = random.nextInt(20);
        if (pick < 16) {
            return 1 + random.nextInt(1000);
        }
        if (pick < 18 && controlTypes.length > 0) {
            return controlTypes[random.nextInt(controlTypes.length)];
        }
        return EDGE_TYPES[random.nextInt(EDGE_TYPES.length)];
    }

    /** Flips bits (mostly in headers), overwrites a length field, splices garbage in, truncates. */
    private static byte[] mutate(SplittableRandom random, byte[] bytes, int[] headers, int maxLength) {
        byte[] result = bytes;
        if (result.length > 0 && random.nextInt(5) == 0) {
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int at = headers.length > 0 && random.nextBoolean()
                        ? Math.min(result.length - 1, headers[random.nextInt(headers.length)] + random.nextInt(MessageFrame.HEADER_LENGTH))
                        : random.nextInt(result.length);
                result[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        if (headers.length > 0 && random.nextInt(8) == 0) {
            int header = headers[random.nextInt(headers.length)];
            int length = random.nextBoolean() ? EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)] : maxLength + 1 + random.nextInt(16);
            ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN).putInt(header + MessageFrame.LENGTH_OFFSET, length);
        }
        if (random.nextInt(15) == 0) {
            int at = random.nextInt(result.length + 1);
            byte[] garbage = new byte[1 + random.nextInt(16)];
            random.nextBytes(garbage);
            byte[] spliced = new byte[result.length + garbage.length];
            System.arraycopy(result, 0, spliced, 0, at);
            System.arraycopy(garbage, 0, spliced, at, garbage.length);
            System.arraycopy(result, at, spliced, at + garbage.length, result.length - at);
            result = spliced;
        }
        if (result.length > 0 && random.nextInt(8) == 0) {
            result = Arrays.copyOf(result, random.nextInt(result.length));
        }
        return result;
    }
}
