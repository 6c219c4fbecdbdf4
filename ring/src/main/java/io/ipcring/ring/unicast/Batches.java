package io.ipcring.ring.unicast;

import io.ipcring.channel.MessageFrame;
import io.ipcring.sync.MappedMemory;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The argument checks of the batch calls of {@link SpscProducer} and {@link MpscProducer}, made
 * before anything shared is touched, and the size of a batch's records (its extent): the bytes
 * from the first record's header to the end of the last record, records back to back.
 */
final class Batches {
    private Batches() {
    }

    /**
     * @param length           payload length
     * @param maxMessageLength the ring's largest payload
     * @param maxBatchLength   the most bytes a batch's records take ({@link RingLayout#maxBatchLength()})
     * @return the most records of that length a batch holds
     * @throws IllegalArgumentException if the length is out of range
     */
    static int maxCount(int length, int maxMessageLength, int maxBatchLength) {
        MessageFrame.checkUserLength(length, maxMessageLength);
        return maxBatchLength / MessageFrame.alignedRecordLength(length);
    }

    /**
     * Checks a batch of equal records.
     *
     * @return the batch's extent: {@code count} aligned records of {@code length}
     * @throws IllegalArgumentException if the count, length or type is out of range
     */
    static int extent(int count, int length, int type, int maxMessageLength, int maxBatchLength) {
        int max = maxCount(length, maxMessageLength, maxBatchLength);
        MessageFrame.checkUserType(type);
        if (count < 1 || count > max) {
            throw new IllegalArgumentException("count=" + count + " must be in [1, " + max + "] for length=" + length
                    + " (a batch's records take at most " + maxBatchLength + " bytes, a quarter of the ring)");
        }
        return count * MessageFrame.alignedRecordLength(length);
    }

    /**
     * Checks a batch of differing lengths and where its payloads lie in the source: back to back
     * from {@code offset}.
     *
     * @return the batch's extent
     * @throws NullPointerException      if {@code lengths} is null
     * @throws IndexOutOfBoundsException if {@code count > lengths.length} or the payloads pass
     *                                   {@code sourceLength}
     * @throws IllegalArgumentException  if a length, the count, the extent or the type is out of range
     */
    static int extent(int offset, int[] lengths, int count, int type, int sourceLength, int maxMessageLength,
                      int maxBatchLength) {
        Objects.requireNonNull(lengths, "lengths");
        MessageFrame.checkUserType(type);
        if (count < 1) {
            throw new IllegalArgumentException("count=" + count + " must be at least 1");
        }
        Objects.checkFromIndexSize(0, count, lengths.length);
        long extent = 0;
        long bytes = 0;
        for (int k = 0; k < count; k++) {
            int length = lengths[k];
            if (length < 0 || length > maxMessageLength) {
                throw new IllegalArgumentException("lengths[" + k + "]=" + length + " outside [0, " + maxMessageLength + "]");
            }
            extent += MessageFrame.alignedRecordLength(length);
            bytes += length;
            if (extent > maxBatchLength) {
                throw new IllegalArgumentException("a batch of count=" + count + " takes more than " + maxBatchLength
                        + " bytes from lengths[" + k + "] on (a batch's records take at most a quarter of the ring)");
            }
        }
        if (offset < 0 || offset > sourceLength || bytes > sourceLength - offset) {
            throw new IndexOutOfBoundsException("payloads of " + bytes + " bytes from offset=" + offset
                    + " pass the source's limit=" + sourceLength);
        }
        return (int) extent;
    }

    /**
     * Copies a checked batch of differing lengths into its reservation: each payload, and the
     * headers of records 1..N-1 with plain stores (the caller publishes the first header last,
     * with a release, which makes them visible). Each length is read again and checked against
     * what the reservation holds, so a caller's array changed since {@link #extent(int, int[],
     * int, int, int, int, int)} cannot make a write leave the reservation.
     *
     * @param memory the mapping
     * @param first  the first record header's index in the mapping
     * @param extent the reserved bytes
     * @return the first record's header word, for the caller to publish
     * @throws IllegalStateException when the lengths no longer tile the reservation
     */
    static long copy(MappedMemory memory, int first, int extent, ByteBuffer src, int offset, int sourceLength,
                     int[] lengths, int count, int type, int maxMessageLength) {
        int position = 0;
        int from = offset;
        long firstHeader = 0;
        for (int k = 0; k < count; k++) {
            int length = lengths[k];
            if (length < 0 || length > maxMessageLength || MessageFrame.alignedRecordLength(length) > extent - position
                    || length > sourceLength - from) {
                throw lengthsChanged(k, length);
            }
            long header = Records.header(length, type);
            if (k == 0) {
                firstHeader = header;
            } else {
                // Plain: published by the caller's release store of the first header.
                memory.putLong(first + position, header);
            }
            memory.putBytes(first + position + MessageFrame.HEADER_LENGTH, src, from, length);
            position += MessageFrame.alignedRecordLength(length);
            from += length;
        }
        if (position != extent) {
            throw lengthsChanged(count - 1, lengths[count - 1]);
        }
        return firstHeader;
    }

    private static IllegalStateException lengthsChanged(int k, int length) {
        return new IllegalStateException("lengths[" + k + "]=" + length + " changed while the batch was copied (another"
                + " thread wrote the array); nothing of the batch was published");
    }

    /**
     * Checks where a batch of equal payloads lies in the source.
     *
     * @throws IndexOutOfBoundsException if {@code [offset, offset + count * length)} is not within
     *                                   {@code [0, sourceLength)}
     */
    static void checkSource(int offset, int count, int length, int sourceLength) {
        long bytes = (long) count * length;
        if (offset < 0 || offset > sourceLength || bytes > sourceLength - offset) {
            throw new IndexOutOfBoundsException("count=" + count + " payloads of length=" + length + " from offset="
                    + offset + " pass the source's limit=" + sourceLength);
        }
    }
}
