package io.ipcring.ring.fanout;

import static io.ipcring.ring.RingGeometry.LINE_LENGTH;
import static io.ipcring.ring.RingGeometry.PAGE_LENGTH;

import io.ipcring.channel.MessageFrame;
import io.ipcring.sync.RegionHeader;

/**
 * Layout of a {@link WorkQueueRing} file. Offsets are bytes from the start of the file; every
 * word is little-endian. Hot words each sit on their own
 * {@value io.ipcring.ring.RingGeometry#LINE_LENGTH}-byte line; the line, page, capacity and slot
 * bounds of every ring family are in {@link io.ipcring.ring.RingGeometry}.
 *
 * <pre>
 *  offset
 *  0       RegionHeader (magic, version, kind {@value FanoutFormats#WORK_QUEUE_KIND}, length, creator pid, time)
 *  64      capacity (int) | max message length (int) | producer slots (int) | consumer slots (int)
 *  80      max messages (long): bound on messages in the queue, 0 = bytes only
 *  ...     rest of the 4 KiB header page unused
 *  4096    claim counter (long)                  producers: end of the last claim
 *  4224    tail (long)                           producers: end of the committed records
 *  4352    reclaim (long)                        everything below is done: producers may overwrite it
 *  4480    dispatch hint (long)                  no unclaimed record below it (a hint; see WorkQueueRing)
 *  4608    repair lock (RobustMutex, 16 bytes)   held while a dead producer's claim is padded
 *  4736    not-empty signal (FutexSignal)        consumers wait, producers signal
 *  4864    not-full signal (FutexSignal)         producers wait, consumers signal
 *  4992    published messages | published bytes | producer repairs   (written in the commit turn)
 *  5120    full events | redeliveries | handler failures              (atomic adds)
 *  5248    producer slots: producerSlots x 128   ({@link ProducerSlotDescriptor})
 *  ...     consumer slots: consumerSlots x 128   (owner: ProcessIdentity.pack(), 0 = free | generation)
 *  ...     data: capacity bytes, starting on a 4 KiB boundary
 * </pre>
 *
 * Record: a 24-byte queue header followed by a {@link MessageFrame} record, aligned to
 * {@value #RECORD_ALIGNMENT} bytes (so a padding record always fits at the end of the data).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  State (long): the record's position = unclaimed;              |  0
 *  |  position | 1 = done; bit 63 | generation (47) | slot (16) =   |
 *  |  claimed by that consumer                                      |
 *  +---------------------------------------------------------------+
 *  |  Sequence (long): messages committed before this record       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Reserved (long), 0                                           | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Payload length (int32)               MessageFrame header     | 24
 *  +---------------------------------------------------------------+
 *  |  Message type (int32)                                         | 28
 *  +---------------------------------------------------------------+
 *  |  Payload ...                                                 ...  32
 *  +---------------------------------------------------------------+
 * </pre>
 * A padding record has type {@link MessageFrame#PADDING_TYPE}, state done, and its length field
 * counts the bytes after the 32-byte header.
 */
public final class WorkQueueRingDescriptor {
    /** Offset of the data capacity (int, a power of two). */
    public static final int CAPACITY_OFFSET = RegionHeader.LENGTH;
    /** Offset of the maximum payload length (int). */
    public static final int MAX_MESSAGE_LENGTH_OFFSET = CAPACITY_OFFSET + 4;
    /** Offset of the number of producer slots (int). */
    public static final int PRODUCER_SLOTS_OFFSET = MAX_MESSAGE_LENGTH_OFFSET + 4;
    /** Offset of the number of consumer slots (int). */
    public static final int CONSUMER_SLOTS_OFFSET = PRODUCER_SLOTS_OFFSET + 4;
    /** Offset of the message bound (long, 0 = none). */
    public static final int MAX_MESSAGES_OFFSET = CONSUMER_SLOTS_OFFSET + 4;

    /** Offset of the claim counter. */
    public static final int CLAIM_OFFSET = PAGE_LENGTH;
    /** Offset of the tail. */
    public static final int TAIL_OFFSET = CLAIM_OFFSET + LINE_LENGTH;
    /** Offset of the reclaim position. */
    public static final int RECLAIM_OFFSET = TAIL_OFFSET + LINE_LENGTH;
    /** Offset of the dispatch hint. */
    public static final int DISPATCH_OFFSET = RECLAIM_OFFSET + LINE_LENGTH;
    /** Offset of the repair lock. */
    public static final int REPAIR_LOCK_OFFSET = DISPATCH_OFFSET + LINE_LENGTH;
    /** Offset of the not-empty signal (FanoutIdle#signal): consumers wait on it, producers signal it. */
    public static final int NOT_EMPTY_OFFSET = REPAIR_LOCK_OFFSET + LINE_LENGTH;
    /** Offset of the not-full signal (FanoutIdle#signal): producers wait on it, consumers signal it. */
    public static final int NOT_FULL_OFFSET = NOT_EMPTY_OFFSET + LINE_LENGTH;
    /** Offset of the published-messages counter. */
    public static final int MESSAGES_OFFSET = NOT_FULL_OFFSET + LINE_LENGTH;
    /** Offset of the published-payload-bytes counter. */
    public static final int BYTES_OFFSET = MESSAGES_OFFSET + 8;
    /** Offset of the dead-producer-repairs counter. */
    public static final int REPAIRS_OFFSET = BYTES_OFFSET + 8;
    /** Offset of the full-events counter. */
    public static final int FULL_EVENTS_OFFSET = MESSAGES_OFFSET + LINE_LENGTH;
    /** Offset of the redeliveries counter (messages adopted from dead consumers). */
    public static final int REDELIVERIES_OFFSET = FULL_EVENTS_OFFSET + 8;
    /** Offset of the handler-failures counter (messages given back because a handler threw). */
    public static final int HANDLER_FAILURES_OFFSET = REDELIVERIES_OFFSET + 8;
    /** Offset of the first producer slot. */
    public static final int PRODUCER_SLOT_TABLE_OFFSET = FULL_EVENTS_OFFSET + LINE_LENGTH;

    /** Offset of a consumer slot's owner word. */
    public static final int CONSUMER_OWNER_OFFSET = 0;
    /** Offset of a consumer slot's generation, +1 at every attach. */
    public static final int CONSUMER_GENERATION_OFFSET = 8;
    /** Bytes per consumer slot. */
    public static final int CONSUMER_SLOT_LENGTH = 128;

    /** Offset of a record's state word. */
    public static final int STATE_OFFSET = 0;
    /** Offset of a record's sequence. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of a record's reserved word. */
    public static final int RESERVED_OFFSET = 16;
    /** Offset of a record's {@link MessageFrame} header. */
    public static final int MESSAGE_OFFSET = 24;
    /** Offset of a record's payload length. */
    public static final int LENGTH_OFFSET = MESSAGE_OFFSET + MessageFrame.LENGTH_OFFSET;
    /** Offset of a record's type. */
    public static final int TYPE_OFFSET = MESSAGE_OFFSET + MessageFrame.TYPE_OFFSET;
    /** Bytes of a record header; the payload follows. */
    public static final int RECORD_HEADER_LENGTH = MESSAGE_OFFSET + MessageFrame.HEADER_LENGTH;
    /** Records start on multiples of this, which is the header length. */
    public static final int RECORD_ALIGNMENT = 32;

    /** Bit 63 of a state word: claimed. */
    public static final long CLAIMED_BIT = Long.MIN_VALUE;
    /** Bits of the consumer slot in a claimed state word. */
    public static final int CLAIM_SLOT_BITS = 16;
    /** Mask of the generation in a claimed state word, after shifting out the slot. */
    public static final long CLAIM_GENERATION_MASK = (1L << 47) - 1;
    /** Bit 0 of a state word holding a position: done. */
    public static final long DONE_BIT = 1;


    private WorkQueueRingDescriptor() {
    }

    /**
     * @param producerSlots the number of producer slots
     * @return the offset of the first consumer slot
     */
    public static int consumerSlotTableOffset(int producerSlots) {
        return PRODUCER_SLOT_TABLE_OFFSET + producerSlots * ProducerSlotDescriptor.LENGTH;
    }

    /**
     * @param producerSlots the number of producer slots
     * @param consumerSlots the number of consumer slots
     * @return the offset of the data region, a multiple of 4096
     */
    public static int dataOffset(int producerSlots, int consumerSlots) {
        int end = consumerSlotTableOffset(producerSlots) + consumerSlots * CONSUMER_SLOT_LENGTH;
        return (end + PAGE_LENGTH - 1) & -PAGE_LENGTH;
    }

    /**
     * @param producerSlots the number of producer slots
     * @param consumerSlots the number of consumer slots
     * @param capacity      the data capacity
     * @return the file length
     */
    public static long regionLength(int producerSlots, int consumerSlots, int capacity) {
        return (long) dataOffset(producerSlots, consumerSlots) + capacity;
    }

    /**
     * @param payloadLength a payload length, non-negative
     * @return the bytes its record takes in the ring
     */
    public static int recordLength(int payloadLength) {
        return (RECORD_HEADER_LENGTH + payloadLength + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /**
     * @param slot       a consumer slot
     * @param generation the slot's generation
     * @return the state word of a record claimed by that consumer
     */
    public static long claimed(int slot, long generation) {
        return CLAIMED_BIT | ((generation & CLAIM_GENERATION_MASK) << CLAIM_SLOT_BITS) | slot;
    }

    /** @param state a claimed state word @return the consumer slot in it */
    public static int claimSlot(long state) {
        return (int) (state & ((1L << CLAIM_SLOT_BITS) - 1));
    }

    /** @param state a claimed state word @return the generation in it */
    public static long claimGeneration(long state) {
        return (state >>> CLAIM_SLOT_BITS) & CLAIM_GENERATION_MASK;
    }
}
