package io.ipcring.stress.broken;

import io.ipcring.ring.MessageCodec;
import io.ipcring.ring.RingDescriptor;
import io.ipcring.sync.MappedMemory;

/**
 * A deliberately broken copy of the SPSC ring's producer, writing records into a real ring file
 * for the real consumer to read, with one of two mistakes in how it publishes them:
 * <ul>
 *   <li>{@link Mistake#PLAIN_TAIL_STORE}: the tail is advanced with a plain store instead of a
 *       release store. Only weakly ordered hardware (aarch64, POWER) shows it: x86 keeps stores
 *       in order (TSO) and HotSpot's C2 does not reorder stores to native memory, so there the
 *       plain store happens to publish like a release.</li>
 *   <li>{@link Mistake#TAIL_BEFORE_PAYLOAD}: the tail is advanced (with a correct release) after
 *       the header but before the payload is written. A program-order mistake: the consumer can
 *       read the record between the two, on x86 as anywhere.</li>
 * </ul>
 * One message per claim, into space the consumer has released; no wait strategy, no owner word.
 */
public final class BrokenSpscProducer {
    /** Which publication mistake this producer makes. */
    public enum Mistake {
        /** Tail advanced with a plain store: hidden on x86, shows on aarch64. */
        PLAIN_TAIL_STORE,
        /** Tail advanced before the payload is written: shows everywhere. */
        TAIL_BEFORE_PAYLOAD
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
        int record = MessageCodec.alignedRecordLength(length);
        int index = (int) tail & (capacity - 1);
        int toEnd = capacity - index;
        int required = record <= toEnd ? record : toEnd + record;
        // Acquire: pairs with the consumer's release of head (this part is right).
        if (tail + required - memory.getLongAcquire(RingDescriptor.HEAD_OFFSET) > capacity) {
            return false;
        }
        if (record > toEnd) {
            putHeader(dataOffset + index, toEnd - MessageCodec.HEADER_LENGTH, MessageCodec.PADDING_TYPE);
            index = 0;
        }
        int header = dataOffset + index;
        putHeader(header, length, id);
        long newTail = tail + required;
        if (mistake == Mistake.TAIL_BEFORE_PAYLOAD) {
            // Release, but too early: the payload below is not written yet.
            memory.putLongRelease(RingDescriptor.TAIL_OFFSET, newTail);
        }
        for (int i = 0; i < length / Long.BYTES; i++) {
            memory.putLong(header + MessageCodec.HEADER_LENGTH + i * Long.BYTES, id * 1000L + i);
        }
        if (mistake == Mistake.PLAIN_TAIL_STORE) {
            memory.putLong(RingDescriptor.TAIL_OFFSET, newTail);
        }
        tail = newTail;
        return true;
    }

    private void putHeader(int offset, int length, int type) {
        memory.putLong(offset, ((long) type << 32) | (length & 0xFFFF_FFFFL));
    }
}
