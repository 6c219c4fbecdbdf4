package io.ipcring.ring.fanout;

import static io.ipcring.ring.RingGeometry.LINE_LENGTH;
import static io.ipcring.ring.RingGeometry.PAGE_LENGTH;

import io.ipcring.channel.MessageFrame;
import io.ipcring.sync.RegionHeader;

/**
 * Layout of a {@link BroadcastRing} file. Offsets are bytes from the start of the file; every
 * word is little-endian. Hot words each sit on their own
 * {@value io.ipcring.ring.RingGeometry#LINE_LENGTH}-byte line; the line, page, capacity and slot
 * bounds of every ring family are in {@link io.ipcring.ring.RingGeometry}.
 *
 * <pre>
 *  offset
 *  0       RegionHeader (magic, version, kind {@value FanoutFormats#BROADCAST_KIND}, length, creator pid, time)
 *  64      capacity (int) | max message length (int) | producer slots (int) | subscriber slots (int)
 *  80      liveness timeout in nanoseconds (long)
 *  ...     rest of the 4 KiB header page unused
 *  4096    claim counter (long)                  producers: end of the last claim
 *  4224    tail (long)                           producers: end of the committed records
 *  4352    retained (long)                       oldest record boundary not yet overwritten
 *  4480    gating epoch (long)                   +1 by every joining subscriber
 *  4608    attach lock (RobustMutex, 16 bytes)   held while a subscriber attaches
 *  4736    repair lock (RobustMutex, 16 bytes)   held while a dead producer's claim is padded
 *  4864    not-empty signal (FutexSignal)        subscribers wait, producers signal
 *  4992    not-full signal (FutexSignal)         producers wait, subscribers signal
 *  5120    published messages | published bytes | producer repairs   (written in the commit turn)
 *  5248    full events | subscriber releases                          (atomic adds)
 *  5376    producer slots: producerSlots x 128   ({@link ProducerSlotDescriptor})
 *  ...     subscriber slots: subscriberSlots x 128 (below)
 *  ...     data: capacity bytes, starting on a 4 KiB boundary
 * </pre>
 *
 * Subscriber slot:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-----------------------------------------------------------+
 *  |R|0|  Owner: ProcessIdentity.pack() (pid, start ticks); 0 free |  0
 *  | | |  R = released                                             |
 *  +-+-+-----------------------------------------------------------+
 *  |        Position: everything below is read (long)              |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Heartbeat: System.nanoTime() at the last poll (long)    | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Name length in bytes (int)                             | 24
 *  +---------------------------------------------------------------+
 *  |        Unused                                                 | 28
 *  +---------------------------------------------------------------+
 *  |        Name, UTF-8, up to {@value #NAME_MAX_BYTES} bytes                        ...  32
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Records are {@link MessageFrame} records (8-byte header: length, type; payload; aligned to
 * {@value #RECORD_ALIGNMENT}); a {@link MessageFrame#PADDING_TYPE} record fills the end of the
 * data region at the wrap or a dead producer's claim.
 */
public final class BroadcastRingDescriptor {
    /** Offset of the data capacity (int, a power of two). */
    public static final int CAPACITY_OFFSET = RegionHeader.LENGTH;
    /** Offset of the maximum payload length (int). */
    public static final int MAX_MESSAGE_LENGTH_OFFSET = CAPACITY_OFFSET + 4;
    /** Offset of the number of producer slots (int). */
    public static final int PRODUCER_SLOTS_OFFSET = MAX_MESSAGE_LENGTH_OFFSET + 4;
    /** Offset of the number of subscriber slots (int). */
    public static final int SUBSCRIBER_SLOTS_OFFSET = PRODUCER_SLOTS_OFFSET + 4;
    /** Offset of the liveness timeout in nanoseconds (long). */
    public static final int LIVENESS_TIMEOUT_OFFSET = SUBSCRIBER_SLOTS_OFFSET + 4;

    /** Offset of the claim counter. */
    public static final int CLAIM_OFFSET = PAGE_LENGTH;
    /** Offset of the tail. */
    public static final int TAIL_OFFSET = CLAIM_OFFSET + LINE_LENGTH;
    /** Offset of the oldest retained record boundary. */
    public static final int RETAINED_OFFSET = TAIL_OFFSET + LINE_LENGTH;
    /** Offset of the gating epoch. */
    public static final int EPOCH_OFFSET = RETAINED_OFFSET + LINE_LENGTH;
    /** Offset of the attach lock. */
    public static final int ATTACH_LOCK_OFFSET = EPOCH_OFFSET + LINE_LENGTH;
    /** Offset of the repair lock. */
    public static final int REPAIR_LOCK_OFFSET = ATTACH_LOCK_OFFSET + LINE_LENGTH;
    /** Offset of the not-empty signal (FanoutIdle#signal): subscribers wait on it, producers signal it. */
    public static final int NOT_EMPTY_OFFSET = REPAIR_LOCK_OFFSET + LINE_LENGTH;
    /** Offset of the not-full signal (FanoutIdle#signal): producers wait on it, subscribers signal it. */
    public static final int NOT_FULL_OFFSET = NOT_EMPTY_OFFSET + LINE_LENGTH;
    /** Offset of the published-messages counter. */
    public static final int MESSAGES_OFFSET = NOT_FULL_OFFSET + LINE_LENGTH;
    /** Offset of the published-payload-bytes counter. */
    public static final int BYTES_OFFSET = MESSAGES_OFFSET + 8;
    /** Offset of the dead-producer-repairs counter. */
    public static final int REPAIRS_OFFSET = BYTES_OFFSET + 8;
    /** Offset of the full-events counter (offers refused for lack of room). */
    public static final int FULL_EVENTS_OFFSET = MESSAGES_OFFSET + LINE_LENGTH;
    /** Offset of the subscriber-releases counter. */
    public static final int RELEASES_OFFSET = FULL_EVENTS_OFFSET + 8;
    /** Offset of the first producer slot. */
    public static final int PRODUCER_SLOT_TABLE_OFFSET = FULL_EVENTS_OFFSET + LINE_LENGTH;

    /** Offset of a subscriber slot's owner word. */
    public static final int SUBSCRIBER_OWNER_OFFSET = 0;
    /** Offset of a subscriber slot's position. */
    public static final int SUBSCRIBER_POSITION_OFFSET = 8;
    /** Offset of a subscriber slot's heartbeat. */
    public static final int SUBSCRIBER_HEARTBEAT_OFFSET = 16;
    /** Offset of a subscriber slot's name length. */
    public static final int SUBSCRIBER_NAME_LENGTH_OFFSET = 24;
    /** Offset of a subscriber slot's name bytes. */
    public static final int SUBSCRIBER_NAME_OFFSET = 32;
    /** The longest subscriber name in UTF-8 bytes. */
    public static final int NAME_MAX_BYTES = 64;
    /** Bytes per subscriber slot. */
    public static final int SUBSCRIBER_SLOT_LENGTH = 128;
    /**
     * The owner-word bit set when a producer released a stalled subscriber: bit 0, one of the
     * {@link io.ipcring.sync.ProcessIdentity#OWNER_FLAGS} a packed identity leaves clear.
     */
    public static final long RELEASED_BIT = 1L;

    /** Records start on multiples of this. */
    public static final int RECORD_ALIGNMENT = MessageFrame.ALIGNMENT;
    /** Bytes of a record header. */
    public static final int RECORD_HEADER_LENGTH = MessageFrame.HEADER_LENGTH;

    static {
        if (NOT_EMPTY_OFFSET % 4 != 0 || FanoutIdle.SIGNAL_LENGTH > LINE_LENGTH) {
            throw new AssertionError("futex signals must be aligned and fit a line");
        }
    }

    private BroadcastRingDescriptor() {
    }

    /**
     * @param producerSlots the number of producer slots
     * @return the offset of the first subscriber slot
     */
    public static int subscriberSlotTableOffset(int producerSlots) {
        return PRODUCER_SLOT_TABLE_OFFSET + producerSlots * ProducerSlotDescriptor.LENGTH;
    }

    /**
     * @param producerSlots   the number of producer slots
     * @param subscriberSlots the number of subscriber slots
     * @return the offset of the data region, a multiple of 4096
     */
    public static int dataOffset(int producerSlots, int subscriberSlots) {
        int end = subscriberSlotTableOffset(producerSlots) + subscriberSlots * SUBSCRIBER_SLOT_LENGTH;
        return (end + PAGE_LENGTH - 1) & -PAGE_LENGTH;
    }

    /**
     * @param producerSlots   the number of producer slots
     * @param subscriberSlots the number of subscriber slots
     * @param capacity        the data capacity
     * @return the file length
     */
    public static long regionLength(int producerSlots, int subscriberSlots, int capacity) {
        return (long) dataOffset(producerSlots, subscriberSlots) + capacity;
    }

    /**
     * @param payloadLength a payload length
     * @return the bytes its record takes in the ring
     */
    public static int recordLength(int payloadLength) {
        return MessageFrame.alignedRecordLength(payloadLength);
    }
}
