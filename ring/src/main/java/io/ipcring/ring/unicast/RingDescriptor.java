package io.ipcring.ring.unicast;

import static io.ipcring.ring.RingGeometry.LINE_LENGTH;
import static io.ipcring.ring.RingGeometry.PAGE_LENGTH;

import io.ipcring.ring.RingGeometry;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;

/**
 * The layout of a ring file: every offset, as a byte offset from the start of the file. All
 * words are little-endian; every position is a {@code long} byte count that only grows (the
 * index in the data region is {@code position & (capacity - 1)}).
 *
 * <pre>
 *        0 +---------------------------------------------------------------+
 *          | RegionHeader: magic "IPCRING1", layout version, kind (SPSC,    |
 *          | MPSC, ...), file length, creator pid, creation time (64 bytes) |
 *       64 +---------------------------------------------------------------+
 *          | capacity (int) | max message length (int)                      |
 *          | producer slot count (int) | subscriber slot count (int)      |
 *          | data offset (int) | reserved (int)                           |
 *          | stuck-claim timeout, ns (long)                               |
 *      256 +---------------------------------------------------------------+
 *          | waiter flags (int): blocking consumers / producers exist       |
 *      384 +---------------------------------------------------------------+
 *          | SPSC producer owner word (long)                              |
 *      512 +---------------------------------------------------------------+
 *          | consumer owner word (long)                                   |
 *          |                 ... rest of the 4 KiB header page ...         |
 *     4096 +============= each line below is 128 bytes =====================+
 *          | tail: SPSC producer position (long), stored every 4 KiB      |
 *     4224 +---------------------------------------------------------------+
 *          | claim: MPSC claim position (long)                            |
 *     4352 +---------------------------------------------------------------+
 *          | head: freed position (long), the one word producers read     |
 *     4480 +---------------------------------------------------------------+
 *          | consumer line: consumed (acknowledged) position and           |
 *          | statistics: messages, bytes, consumer sleeps, producer wakes, |
 *          | dead-producer repairs, timeout repairs                        |
 *     4608 +---------------------------------------------------------------+
 *          | consumer-waiting futex word (int)                            |
 *     4736 +---------------------------------------------------------------+
 *          | producer-waiting futex word (int)                            |
 *     4864 +---------------------------------------------------------------+
 *          | producer statistics: full events, producer sleeps,           |
 *          | consumer wakes                                               |
 *     4992 +---------------------------------------------------------------+
 *          | producer slots (MPSC): count x 128 bytes, see SLOT_*          |
 *          +---------------------------------------------------------------+
 *          | subscriber slots: count x 128 bytes (0 for SPSC and MPSC;     |
 *          | reserved for broadcast and work-queue rings)                  |
 *          +--------------- padded up to a 4 KiB boundary -----------------+
 * data     | data region: capacity bytes, a power of two; 8-byte aligned   |
 *          | records in the {@link MessageFrame} format                    |
 *          +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Each counter written often sits on its own 128-byte line (two 64-byte cache lines, so the
 * adjacent-line prefetcher does not drag a neighbour along): the producer writes the tail or
 * claim line and its own slot, the consumer writes the head line and its own consumer line,
 * and the header page is
 * written only at creation, at attach/detach (owner words) and once per ring when blocking
 * waits are first used (waiter flags), so every process keeps it cached.
 *
 * <p>Publication. A record is published by its header word (release store), and the consumer
 * reads header words, not the tail or the claim: a word that reads 0 means nothing is
 * published there yet. The consumer keeps every word after the last record at 0: after each
 * batch it stores its acknowledgement (consumed), and it zeroes consumed space before it frees
 * it (head): an MPSC consumer after each batch, an SPSC consumer once 1 KiB (an eighth of a
 * smaller ring) is consumed and not freed, when a poll finds nothing (whole 64-byte lines
 * only: the line it stopped in is the producer's next) and at close. An SPSC
 * producer stores its tail for a restarted producer, the consumer's
 * once-per-lap check and inspectors, but not after every commit: once it is 4 KiB (a quarter of
 * a smaller ring) past the stored tail, when the ring is full and at close, so a restarted
 * producer walks over at most that much committed data past the stored tail (plus a padding
 * and a record a dying producer committed). It zeroes the space of an aborted claim, and a new
 * producer zeroes what a dead one may have written beyond the tail.
 *
 * <p>Statistics live on a line of their only writer that no other side reads in steady state:
 * the consumer's counters on the consumer line (written once per poll batch), not on the head
 * line, which a producer reads whenever the ring looks full (sharing it made every batch's
 * counter stores take the line back from a producer spinning on a full ring before the head
 * store could follow); the producers' rare-event counters on the producer statistics line
 * (atomic adds, since an MPSC ring has several producers).
 *
 * <p>A producer slot (MPSC) is owned by one attached producer:
 * <pre>
 *   +0  owner word (long): the owner's {@link io.ipcring.sync.ProcessIdentity#pack() packed
 *       identity} (pid and start time); 0 = free
 *   +8  claim position (long): the position of the producer's current or last claim,
 *       written before the claim's compare-and-set
 *   +16 claim length (int): bytes of that claim, wrap padding included; {@link #NO_CLAIM_LENGTH} = none
 * </pre>
 *
 * <p>Line, page, capacity and slot bounds are those of every ring family: {@link RingGeometry}.
 *
 * <p>Kinds: {@link #SPSC_KIND} and {@link #MPSC_KIND} use this layout; {@link #BROADCAST_KIND}
 * and {@link #WORK_QUEUE_KIND} are the fan-out rings, laid out as
 * {@link BroadcastRingDescriptor} and {@link WorkQueueRingDescriptor}. Kinds
 * {@code 0x0100..0x01FF} belong to rings.
 */
public final class RingDescriptor {
    /**
     * The layout version this code reads and writes; a file of another version is refused on
     * open, since it would be misread: version 3 had no batches, so its recovery bounds (committed
     * bytes past the stored SPSC tail, the length an MPSC in-flight mark may claim) would call a
     * ring holding one corrupt; version 2 also packed its owner words differently (pid in the low
     * 32 bits), version 1 also placed the consumer's counters and the producer slots elsewhere and
     * did not zero consumed records.
     */
    public static final int LAYOUT_VERSION = 4;

    /** Kind of a one-producer, one-consumer ring. */
    public static final int SPSC_KIND = 0x0101;
    /** Kind of a many-producer, one-consumer ring. */
    public static final int MPSC_KIND = 0x0102;
    /** Kind reserved for a broadcast ring (one producer, many subscribers). */
    public static final int BROADCAST_KIND = 0x0103;
    /** Kind reserved for a work-queue ring (many producers, many consumers). */
    public static final int WORK_QUEUE_KIND = 0x0104;
    /** The format of an SPSC ring file. */
    public static final RegionFormat SPSC_FORMAT = new RegionFormat(SPSC_KIND, LAYOUT_VERSION, "spsc-ring");
    /** The format of an MPSC ring file. */
    public static final RegionFormat MPSC_FORMAT = new RegionFormat(MPSC_KIND, LAYOUT_VERSION, "mpsc-ring");

    /** Offset of the data capacity in bytes (int, a power of two). */
    public static final int CAPACITY_OFFSET = RegionHeader.LENGTH;
    /** Offset of the largest payload length (int). */
    public static final int MAX_MESSAGE_LENGTH_OFFSET = CAPACITY_OFFSET + 4;
    /** Offset of the number of producer slots (int; 0 for SPSC). */
    public static final int PRODUCER_SLOT_COUNT_OFFSET = MAX_MESSAGE_LENGTH_OFFSET + 4;
    /** Offset of the number of subscriber slots (int; 0 for SPSC and MPSC). */
    public static final int SUBSCRIBER_SLOT_COUNT_OFFSET = PRODUCER_SLOT_COUNT_OFFSET + 4;
    /** Offset of the data region's offset (int), stored so a layout mismatch is detected. */
    public static final int DATA_OFFSET_OFFSET = SUBSCRIBER_SLOT_COUNT_OFFSET + 4;
    /** Offset of the stuck-claim timeout in nanoseconds (long; 0 = repair dead owners only). */
    public static final int STUCK_CLAIM_TIMEOUT_OFFSET = DATA_OFFSET_OFFSET + 8;

    /** Offset of the waiter flags word (int), see {@link #CONSUMER_BLOCKING_FLAG}. */
    public static final int WAITER_FLAGS_OFFSET = 2 * LINE_LENGTH;
    /** Flag set once a consumer has ever slept on the futex: producers must check for waiters. */
    public static final int CONSUMER_BLOCKING_FLAG = 1;
    /** Flag set once a producer has ever slept on the futex: the consumer must check for waiters. */
    public static final int PRODUCER_BLOCKING_FLAG = 2;
    /** Offset of the SPSC producer's owner word (long). */
    public static final int PRODUCER_OWNER_OFFSET = WAITER_FLAGS_OFFSET + LINE_LENGTH;
    /** Offset of the consumer's owner word (long). */
    public static final int CONSUMER_OWNER_OFFSET = PRODUCER_OWNER_OFFSET + LINE_LENGTH;

    /** Offset of the tail: the SPSC producer's published position (long). */
    public static final int TAIL_OFFSET = PAGE_LENGTH;
    /** Offset of the MPSC claim position (long). */
    public static final int CLAIM_OFFSET = TAIL_OFFSET + LINE_LENGTH;
    /** Offset of the head: the position up to which space is free for producers (long). */
    public static final int HEAD_OFFSET = CLAIM_OFFSET + LINE_LENGTH;
    /** Offset of the consumer line: words only the consumer writes and no producer reads. */
    public static final int CONSUMER_LINE_OFFSET = HEAD_OFFSET + LINE_LENGTH;
    /**
     * Offset of the consumed position (long): records before it were delivered; space between
     * head and it is consumed but not zeroed and freed yet: MPSC only during a batch's zeroing,
     * SPSC less than a free stride while polls keep finding messages.
     */
    public static final int CONSUMED_OFFSET = CONSUMER_LINE_OFFSET;
    /** Offset of the count of messages delivered (long). */
    public static final int MESSAGES_OFFSET = CONSUMER_LINE_OFFSET + 8;
    /** Offset of the count of payload bytes delivered (long). */
    public static final int BYTES_OFFSET = CONSUMER_LINE_OFFSET + 16;
    /** Offset of the count of futex sleeps by the consumer (long). */
    public static final int CONSUMER_SLEEPS_OFFSET = CONSUMER_LINE_OFFSET + 24;
    /** Offset of the count of futex wakes issued by the consumer to producers (long). */
    public static final int PRODUCER_WAKES_OFFSET = CONSUMER_LINE_OFFSET + 32;
    /** Offset of the count of claims of dead producers turned into padding (long). */
    public static final int DEAD_PRODUCER_REPAIRS_OFFSET = CONSUMER_LINE_OFFSET + 40;
    /** Offset of the count of claims turned into padding after the stuck-claim timeout (long). */
    public static final int TIMEOUT_REPAIRS_OFFSET = CONSUMER_LINE_OFFSET + 48;
    /** Offset of the consumer-waiting futex word (int): 1 while the consumer may sleep. */
    public static final int CONSUMER_WAITING_OFFSET = CONSUMER_LINE_OFFSET + LINE_LENGTH;
    /** Offset of the producer-waiting futex word (int): 1 while producers may sleep. */
    public static final int PRODUCER_WAITING_OFFSET = CONSUMER_WAITING_OFFSET + LINE_LENGTH;
    /** Offset of the count of claims that found the ring full (long). */
    public static final int FULL_EVENTS_OFFSET = PRODUCER_WAITING_OFFSET + LINE_LENGTH;
    /** Offset of the count of futex sleeps by producers (long). */
    public static final int PRODUCER_SLEEPS_OFFSET = FULL_EVENTS_OFFSET + 8;
    /** Offset of the count of futex wakes issued by producers to the consumer (long). */
    public static final int CONSUMER_WAKES_OFFSET = FULL_EVENTS_OFFSET + 16;
    /** Offset of the first producer slot. */
    public static final int PRODUCER_SLOTS_OFFSET = FULL_EVENTS_OFFSET + LINE_LENGTH;

    /** Bytes of one producer or subscriber slot. */
    public static final int SLOT_LENGTH = LINE_LENGTH;
    /** Offset of the owner word within a producer slot (long). */
    public static final int SLOT_OWNER_OFFSET = 0;
    /** Offset of the claim position within a producer slot (long). */
    public static final int SLOT_CLAIM_POSITION_OFFSET = 8;
    /** Offset of the claim length within a producer slot (int). */
    public static final int SLOT_CLAIM_LENGTH_OFFSET = 16;
    /** The claim length of a slot that holds no claim (a claim is never empty: it holds a header). */
    public static final int NO_CLAIM_LENGTH = 0;

    /** The largest max message length, as a fraction of the capacity: capacity / 8. */
    public static final int MAX_MESSAGE_FRACTION = 8;
    /**
     * The most an SPSC producer runs ahead of the tail it stored in the file, in bytes (a
     * quarter of the capacity in smaller rings): see {@code RingLayout#tailStride}.
     */
    public static final int TAIL_STRIDE = 4096;
    /**
     * The most consumed space an SPSC consumer keeps before it zeroes and frees it while polls
     * keep finding messages, in bytes (an eighth of the capacity in smaller rings): see
     * {@code RingLayout#freeStride}.
     */
    public static final int FREE_STRIDE = 1024;

    private RingDescriptor() {
    }

    /**
     * @param index a slot number
     * @return the offset of producer slot {@code index}
     */
    public static int producerSlotOffset(int index) {
        return PRODUCER_SLOTS_OFFSET + index * SLOT_LENGTH;
    }

    /**
     * The data region's offset for a given slot table: after both slot tables, rounded up to a
     * page.
     *
     * @param producerSlots   number of producer slots
     * @param subscriberSlots number of subscriber slots
     * @return the offset of the data region
     */
    public static int dataOffset(int producerSlots, int subscriberSlots) {
        int end = PRODUCER_SLOTS_OFFSET + (producerSlots + subscriberSlots) * SLOT_LENGTH;
        return (end + PAGE_LENGTH - 1) & -PAGE_LENGTH;
    }
}
