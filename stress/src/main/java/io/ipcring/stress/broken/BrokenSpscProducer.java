package io.ipcring.stress.broken;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.unicast.RingDescriptor;
import io.ipcring.sync.MappedMemory;

/**
 * A deliberately broken copy of the SPSC ring's producer, writing records into a real ring file
 * for the real consumer to read, with one of two mistakes in how it publishes them (the real
 * producer writes the payload, then publishes the record by storing its header word with a
 * release store):
 * <ul>
 *   <li>{@link Mistake#PLAIN_HEADER_STORE}: the header word is stored with a plain store instead
 *       of a release store. Only weakly ordered hardware (aarch64, POWER) shows it: x86 keeps
 *       stores in order (TSO) and HotSpot's C2 does not reorder stores to native memory, so
 *       there the plain store happens to publish like a release.</li>
 *   <li>{@link Mistake#HEADER_BEFORE_PAYLOAD}: the header word is stored (with a correct
 *       release) before the payload is written. A program-order mistake: the consumer can read
 *       the record between the two, on x86 as anywhere.</li>
 *   <li>{@link Mistake#FIRST_HEADER_FIRST} ({@link #sendBatch} only): a batch's first header is
 *       released before the headers of the records after it are stored (the real producer
 *       stores those first and releases the first header last). Program order again: the
 *       consumer can read the first record and find the second header still 0, a torn batch,
 *       on x86 as anywhere.</li>
 * </ul>
 * One message per claim, into space the consumer has released; no wait strategy, no owner word.
 */
public final class BrokenSpscProducer {
    /** Which publication mistake this producer makes. */
    public enum Mistake {
        /** Header word stored with a plain store: hidden on x86, shows on aarch64. */
        PLAIN_HEADER_STORE,
        /** Header word stored before the payload is written: shows everywhere. */
        HEADER_BEFORE_PAYLOAD,
        /** A batch's first header released before the others are stored: shows everywhere. */
        FIRST_HEADER_FIRST
    }

    private final MappedMemory memory;
    private final Mistake mistake;
    private final int dataOffset;
    private final int capacity;
    private long tail;

    /**
     * @param memory  a mapping of a freshly created SPSC ring file
     * @param mistake the mistake to make
     */
    public BrokenSpscProducer(MappedMemory memory, Mistake mistake) {
        this.memory = memory;
        this.mistake = mistake;
        this.dataOffset = memory.getInt(RingDescriptor.DATA_OFFSET_OFFSET);
        this.capacity = memory.getInt(RingDescriptor.CAPACITY_OFFSET);
        this.tail = memory.getLongVolatile(RingDescriptor.TAIL_OFFSET);
    }

    /**
     * Sends one message whose payload is {@code length / 8} longs, word {@code i} holding
     * {@code id * 1000 + i} (the format of the stress tests' payload check).
     *
     * @param length payload length, a multiple of 8, at most the ring's largest message
     * @param id     the message's id, also its type
     * @return false when the ring had no room
     */
    public boolean send(int length, int id) {
        int record = MessageFrame.alignedRecordLength(length);
        int index = (int) tail & (capacity - 1);
        int toEnd = capacity - index;
        int required = record <= toEnd ? record : toEnd + record;
        // Acquire: pairs with the consumer's release of head (this part is right); the consumer
        // zeroed the space before freeing it.
        if (tail + required - memory.getLongAcquire(RingDescriptor.HEAD_OFFSET) > capacity) {
            return false;
        }
        int start = record <= toEnd ? index : 0;
        int header = dataOffset + start;
        long word = ((long) id << 32) | (length & 0xFFFF_FFFFL);
        if (mistake == Mistake.HEADER_BEFORE_PAYLOAD) {
            // Release, but too early: the payload below is not written yet.
            memory.putLongRelease(header, word);
        }
        for (int i = 0; i < length / Long.BYTES; i++) {
            memory.putLong(header + MessageFrame.HEADER_LENGTH + i * Long.BYTES, id * 1000L + i);
        }
        if (mistake == Mistake.PLAIN_HEADER_STORE) {
            memory.putLong(header, word);
        }
        if (start != index) {
            // Release: the padding the consumer reads before the record at index 0.
            memory.putLongRelease(dataOffset + index, ((long) MessageFrame.PADDING_TYPE << 32)
                    | ((toEnd - MessageFrame.HEADER_LENGTH) & 0xFFFF_FFFFL));
        }
        tail += required;
        // Release: the stored tail the consumer checks once per lap (this part is right).
        memory.putLongRelease(RingDescriptor.TAIL_OFFSET, tail);
        return true;
    }

    /**
     * Sends a batch of {@code count} messages in one reservation, each payload as {@link #send}
     * writes it, making this producer's mistake in the order of the headers (only
     * {@link Mistake#FIRST_HEADER_FIRST} is a batch mistake; the others publish the batch right).
     *
     * @param count  records
     * @param length each payload's length, a multiple of 8
     * @param id     the records' id, also their type
     * @return false when the ring had no room
     */
    public boolean sendBatch(int count, int length, int id) {
        int record = MessageFrame.alignedRecordLength(length);
        int extent = count * record;
        int index = (int) tail & (capacity - 1);
        int toEnd = capacity - index;
        int required = extent <= toEnd ? extent : toEnd + extent;
        // Acquire: pairs with the consumer's release of head (this part is right).
        if (tail + required - memory.getLongAcquire(RingDescriptor.HEAD_OFFSET) > capacity) {
            return false;
        }
        int start = extent <= toEnd ? index : 0;
        int first = dataOffset + start;
        long word = ((long) id << 32) | (length & 0xFFFF_FFFFL);
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < length / Long.BYTES; i++) {
                memory.putLong(first + k * record + MessageFrame.HEADER_LENGTH + i * Long.BYTES, id * 1000L + i);
            }
        }
        if (mistake == Mistake.FIRST_HEADER_FIRST) {
            // Release, but too early: the headers after it are not stored yet.
            memory.putLongRelease(first, word);
        }
        for (int k = 1; k < count; k++) {
            memory.putLong(first + k * record, word);
        }
        if (mistake != Mistake.FIRST_HEADER_FIRST) {
            // Release: pairs with the consumer's acquire of the first header (right).
            memory.putLongRelease(first, word);
        }
        if (start != index) {
            // Release: the padding the consumer reads before the batch at index 0.
            memory.putLongRelease(dataOffset + index, ((long) MessageFrame.PADDING_TYPE << 32)
                    | ((toEnd - MessageFrame.HEADER_LENGTH) & 0xFFFF_FFFFL));
        }
        tail += required;
        // Release: the stored tail the consumer checks once per lap (this part is right).
        memory.putLongRelease(RingDescriptor.TAIL_OFFSET, tail);
        return true;
    }
}
