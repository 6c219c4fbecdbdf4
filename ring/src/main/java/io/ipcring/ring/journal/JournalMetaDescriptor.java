package io.ipcring.ring.journal;

import io.ipcring.ring.RingGeometry;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;

/**
 * The layout of a journal's {@code journal.meta} file: its configuration, the current segment,
 * the readers' wake-up signal, statistics and the appender slots. Offsets are bytes from the
 * start of the file; words are little-endian.
 *
 * <pre>
 *        0 +---------------------------------------------------------------+
 *          | RegionHeader: magic, layout version, kind journal-meta,       |
 *          | file length, creator pid + start ticks, creation time (64 B)  |
 *       64 +---------------------------------------------------------------+
 *          | roll bytes (int) | roll period (int) | max message length    |
 *          | (int) | appender slots (int) | index interval (int)         |
 *          | stuck-claim timeout, ns (long, at 88; 0 = none)              |
 *          | retention measure (int, 96) | sync mode (int, 100)           |
 *          | retention amount (long, 104) | sync period, ns (long, 112)  |
 *      128 +---------------------------------------------------------------+
 *          | current segment number (long): advanced by CAS at a roll      |
 *          | first segment number (long): the oldest kept                 |
 *      256 +---------------------------------------------------------------+
 *          | readers' futex word (int) | armed flag word (int)           |
 *      384 +---------------------------------------------------------------+
 *          | statistics (longs): rolls, repairs, reader sleeps, wakes,    |
 *          | msyncs, segments deleted                                      |
 *      512 +---------------------------------------------------------------+
 *          | appender slots: count x 128 bytes, see SLOT_*                |
 *          +---------------------------------------------------------------+
 * </pre>
 *
 * <p>An appender slot is held by one attached appender:
 * <pre>
 *   +0  owner word (long): {@link io.ipcring.sync.ProcessIdentity#pack()}; 0 = free
 *   +8  segment of the current or last claim (long)
 *   +16 the claim word that claim compares and sets from (long): its count and offset
 *   +24 that claim's record length (int); 0 = no claim
 * </pre>
 * The appender writes segment, claim word and length with release before its claim CAS, so a
 * claimed record is always covered by its claimer's slot until the claimer's next claim, which
 * comes after its commit or abort.
 */
public final class JournalMetaDescriptor {
    /** The layout version this code reads and writes. */
    public static final int LAYOUT_VERSION = 1;
    /** Kind of a journal meta file. */
    public static final int META_KIND = 0x0202;
    /** The meta file's format. */
    public static final RegionFormat FORMAT = new RegionFormat(META_KIND, LAYOUT_VERSION, "journal-meta");
    /** The meta file's name in the journal directory. */
    public static final String FILE_NAME = "journal.meta";

    /** Segment capacity in bytes (int). */
    public static final int ROLL_BYTES_OFFSET = RegionHeader.LENGTH;
    /** {@link RollPeriod#ordinal()} (int). */
    public static final int ROLL_PERIOD_OFFSET = ROLL_BYTES_OFFSET + Integer.BYTES;
    /** Largest payload (int). */
    public static final int MAX_MESSAGE_LENGTH_OFFSET = ROLL_PERIOD_OFFSET + Integer.BYTES;
    /** Appender slots (int). */
    public static final int APPENDER_SLOTS_OFFSET = MAX_MESSAGE_LENGTH_OFFSET + Integer.BYTES;
    /** Records per index entry (int). */
    public static final int INDEX_INTERVAL_OFFSET = APPENDER_SLOTS_OFFSET + Integer.BYTES;
    /** How long a live appender's claim may stay uncommitted before readers repair it, ns (long); 0 = never. */
    public static final int STUCK_CLAIM_TIMEOUT_OFFSET = 88;
    /** {@link JournalRetention.Measure#ordinal()} (int); 0 = none. */
    public static final int RETENTION_MEASURE_OFFSET = 96;
    /** {@link JournalSync.Mode#ordinal()} (int); 0 = none. */
    public static final int SYNC_MODE_OFFSET = 100;
    /** The retention's segments, bytes or nanoseconds (long). */
    public static final int RETENTION_AMOUNT_OFFSET = 104;
    /** The periodic sync's period, ns (long). */
    public static final int SYNC_PERIOD_OFFSET = 112;
    /** The current segment's number (long). */
    public static final int CURRENT_SEGMENT_OFFSET = RingGeometry.LINE_LENGTH;
    /** The oldest segment's number (long). */
    public static final int FIRST_SEGMENT_OFFSET = CURRENT_SEGMENT_OFFSET + Long.BYTES;
    /** The readers' futex word (int). */
    public static final int SIGNAL_OFFSET = 2 * RingGeometry.LINE_LENGTH;
    /** The word holding the signal's armed flag (int). */
    public static final int SIGNAL_ARMED_OFFSET = SIGNAL_OFFSET + Integer.BYTES;
    /** The armed flag's bit. */
    public static final int SIGNAL_ARMED_BIT = 1;
    /** Rolls made (long). */
    public static final int ROLLS_OFFSET = 3 * RingGeometry.LINE_LENGTH;
    /** Dead appenders' claims repaired (long). */
    public static final int REPAIRS_OFFSET = ROLLS_OFFSET + Long.BYTES;
    /** Reader futex sleeps (long). */
    public static final int SLEEPS_OFFSET = REPAIRS_OFFSET + Long.BYTES;
    /** Futex wakes by appenders (long). */
    public static final int WAKES_OFFSET = SLEEPS_OFFSET + Long.BYTES;
    /** msync calls made (long). */
    public static final int SYNCS_OFFSET = WAKES_OFFSET + Long.BYTES;
    /** Segment files deleted by retention (long). */
    public static final int DELETED_OFFSET = SYNCS_OFFSET + Long.BYTES;
    /** The first appender slot. */
    public static final int SLOTS_OFFSET = 4 * RingGeometry.LINE_LENGTH;
    /** Bytes per appender slot. */
    public static final int SLOT_LENGTH = RingGeometry.LINE_LENGTH;
    /** Within a slot: the owner word (long). */
    public static final int SLOT_OWNER_OFFSET = 0;
    /** Within a slot: the claim's segment (long). */
    public static final int SLOT_SEGMENT_OFFSET = 8;
    /** Within a slot: the claim word the claim sets from (long). */
    public static final int SLOT_FROM_OFFSET = 16;
    /** Within a slot: the claim's record length (int), 0 = none. */
    public static final int SLOT_LENGTH_OFFSET = 24;

    private JournalMetaDescriptor() {
    }

    /** @return the file offset of appender slot {@code index} */
    public static int slotOffset(int index) {
        return SLOTS_OFFSET + index * SLOT_LENGTH;
    }

    /** @return the meta file's length for this many appender slots */
    public static long fileLength(int appenderSlots) {
        return (long) SLOTS_OFFSET + (long) appenderSlots * SLOT_LENGTH;
    }
}
