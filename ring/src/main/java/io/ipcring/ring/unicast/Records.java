package io.ipcring.ring.unicast;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.MappedMemory;
import java.util.Locale;

/**
 * Record headers as one 64-bit little-endian word ({@code length} in the low half, {@code type}
 * in the high half, exactly the {@link MessageFrame} layout), so a header is written and read
 * with one access, and the checks every consumer applies before trusting a header read from
 * the mapping.
 *
 * <p>States of a header in a ring: {@code type > 0} committed message; {@code type ==}
 * {@link MessageFrame#PADDING_TYPE} committed padding; {@code type == 0, length < 0} claimed and
 * being written (MPSC rings with a stuck-claim timeout; {@code -length} is the aligned record
 * length); the whole word 0: not written yet (or claimed and being written, in an MPSC ring
 * without a timeout).
 */
final class Records {
    private static final long LOW = 0xFFFF_FFFFL;
    private static final byte[] ZEROS = new byte[4096];
    /**
     * Aligned ranges up to this many bytes (a record of a short message, a cache line) are
     * zeroed a word at a time: an MPSC consumer frees every batch, often one short record, and
     * a bulk copy from {@link #ZEROS} is a call into the JVM's copy stub (on Java 22+ after the
     * segment's checks), which costs more than the few word stores.
     */
    static final int WORD_ZEROING_LIMIT = 64;

    private Records() {
    }

    /** @param length payload length (or negative in-flight mark) @param type type @return the header word */
    static long header(int length, int type) {
        return ((long) type << 32) | (length & LOW);
    }

    /** @param header a header word @return its length half */
    static int length(long header) {
        return (int) header;
    }

    /** @param header a header word @return its type half */
    static int type(long header) {
        return (int) (header >>> 32);
    }

    /**
     * Validates a committed header (message or padding) read at {@code index} of the data region.
     *
     * @return the record's aligned length in bytes, which ends within the data region
     * @throws RingCorruptedException naming the position and the values found
     */
    static int committedLength(long header, int index, int capacity, int maxMessageLength, long position, String name) {
        int type = type(header);
        int length = length(header);
        if (type > 0) {
            if (length < 0 || length > maxMessageLength) {
                throw RingCorruption.corrupted(name, "record at position=" + position + ": length=" + length + " outside [0, " + maxMessageLength + "]");
            }
            int recordLength = MessageFrame.alignedRecordLength(length);
            if (recordLength > capacity - index) {
                throw RingCorruption.corrupted(name, "record at position=" + position + ": record of " + recordLength + " bytes at index=" + index
                        + " runs past the end of the " + capacity + "-byte ring");
            }
            return recordLength;
        }
        if (type == MessageFrame.PADDING_TYPE) {
            if (length < 0 || (length & (MessageFrame.ALIGNMENT - 1)) != 0
                    || length > capacity - index - MessageFrame.HEADER_LENGTH) {
                throw RingCorruption.corrupted(name, "record at position=" + position + ": padding length=" + length + " at index=" + index
                        + " is negative, unaligned or runs past the end of the " + capacity + "-byte ring");
            }
            return length + MessageFrame.HEADER_LENGTH;
        }
        throw RingCorruption.corrupted(name, "record at position=" + position + ": type=" + type + " (length=" + length + ") is neither a message type (>0) nor padding ("
                + MessageFrame.PADDING_TYPE + ")");
    }

    /**
     * The exception a producer's commit throws when the header word in front of its claim is not
     * what the claim left there: a zero-copy write reached outside {@code [index, index + length)}
     * (or another process wrote into the ring).
     *
     * @param name     the ring file's name
     * @param header   the header's index in the mapping (the claim's index minus the header length)
     * @param expected the value the claim left
     * @param found    the value read
     * @param passed   whether the consumer had already read the record
     * @return the exception, naming both indexes and both values
     */
    static IllegalStateException headerOverwritten(String name, int header, long expected, long found, boolean passed) {
        return new IllegalStateException(String.format(Locale.ROOT, "%s: the record header at buffer index=%d, in"
                + " front of the claimed payload at index=%d, was overwritten: expected 0x%016x, found 0x%016x (a"
                + " zero-copy write must stay within [index, index + length) of its claim, or another process wrote"
                + " there); %s", name, header, header + MessageFrame.HEADER_LENGTH,
                expected, found, passed ? "the consumer had already read it as a record, so messages after it may be"
                        + " lost or reported corrupted" : "the claim was given up: nothing is delivered for it and the"
                        + " ring goes on"));
    }

    /**
     * Zeroes the data between two positions (at most one lap), wrapping at the end.
     *
     * @param memory     the mapping
     * @param dataOffset the data region's offset
     * @param capacity   the data region's size
     * @param from       first position
     * @param to         end position, {@code from <= to <= from + capacity}
     */
    static void zero(MappedMemory memory, int dataOffset, int capacity, long from, long to) {
        long length = to - from;
        int index = (int) from & (capacity - 1);
        int first = (int) Math.min(length, capacity - index);
        fill(memory, dataOffset + index, first);
        fill(memory, dataOffset, (int) (length - first));
    }

    /**
     * Frees consumed space for the producers: zeroes it, so the next lap reads 0 wherever nothing
     * is published yet, then stores the head. The consumer's acknowledgement (the consumed
     * position) must be stored before, so a consumer that dies in here is finished on attach.
     *
     * @param memory     the mapping
     * @param dataOffset the data region's offset
     * @param capacity   the data region's size
     * @param head       the head stored now
     * @param to         the new head, {@code head <= to <= head + capacity}
     */
    static void zeroAndFree(MappedMemory memory, int dataOffset, int capacity, long head, long to) {
        zero(memory, dataOffset, capacity, head, to);
        // Release: pairs with the producers' acquire load of head; the consumer's reads of the
        // space and the zeroes are done before any producer reuses it.
        memory.putLongRelease(RingDescriptor.HEAD_OFFSET, to);
    }

    private static void fill(MappedMemory memory, int offset, int length) {
        if (length <= WORD_ZEROING_LIMIT && ((offset | length) & (Long.BYTES - 1)) == 0) {
            for (int done = 0; done < length; done += Long.BYTES) {
                // Plain, as the bulk copy below: the caller publishes the zeroes with a later
                // release store (the head in zeroAndFree, a producer's next commit)
                memory.putLong(offset + done, 0);
            }
            return;
        }
        for (int done = 0; done < length; done += ZEROS.length) {
            memory.putBytes(offset + done, ZEROS, 0, Math.min(ZEROS.length, length - done));
        }
    }
}
