package io.ipcring.ring.journal;

import static io.ipcring.ring.journal.JournalMetaDescriptor.*;

import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A persisted, replayable message log: a directory of memory-mapped segment files
 * ({@link SegmentDescriptor}) and a meta file ({@link JournalMetaDescriptor}).
 *
 * <p>Any number of {@link JournalAppender}s, in any threads and processes (one slot each), append
 * records with the claim protocol of the many-to-one ring; any number of {@link JournalReader}s
 * read them independently, from the first record, the end, a sequence or a time, and named
 * readers keep their position in {@code readers/NAME.pos}. Sequences are strictly increasing
 * but not dense: an aborted claim or a dead appender's claim becomes padding that keeps its
 * sequence number.
 *
 * <p>Rolling. A segment holds {@link JournalOptions#rollBytes()} of records; the appender whose
 * claim crosses the half creates the next segment file (its space reserved, so a full file
 * system is a {@link SharedMemoryException} there, never a SIGBUS later), and the appender
 * whose claim does not fit, or whose timestamp is past the segment's period end, seals the
 * segment and rolls: it activates the next segment (first sequence, period end) and advances
 * the meta's current-segment word by CAS. Whoever finds a sealed segment completes a roll
 * another process began.
 *
 * <p>Retention ({@link JournalOptions#retention()}, {@link #applyRetention()}) deletes old
 * segments; sync modes ({@link JournalSync}) say when records reach the disk.
 */
public final class Journal implements AutoCloseable {
    /** The directory of named readers' position files. */
    public static final String READERS_DIRECTORY = "readers";
    private static final Pattern READER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    private final Path directory;
    private final SharedRegion meta;
    private final MappedMemory memory;
    private final JournalOptions options;
    private final boolean readOnly;
    private final FutexSignal signal;
    private final List<AutoCloseable> endpoints = new ArrayList<>();
    private boolean closed;
    /** The meta is unmapped: after {@link #close()}, once no endpoint is left to detach. */
    private boolean metaClosed;
    /** {@code sync=periodic}'s thread while this process has appenders, else null. */
    private JournalSyncer syncer;
    /** What this open cut off the current segment's unwritten tail, or null. */
    private JournalTruncation truncation;

    private Journal(Path directory, SharedRegion meta, JournalOptions options, boolean readOnly) {
        this.directory = directory;
        this.meta = meta;
        this.memory = meta.memory();
        this.options = options;
        this.readOnly = readOnly;
        this.signal = new FutexSignal(memory, SIGNAL_OFFSET, SIGNAL_ARMED_OFFSET, SIGNAL_ARMED_BIT,
                FutexSignal.Waiters.MANY, SLEEPS_OFFSET, WAKES_OFFSET);
    }

    /**
     * Opens a journal, creating its directory and files when there are none.
     *
     * @param directory the journal's directory
     * @param options   its layout (checked against an existing journal's) and this process's wait
     * @return the journal
     * @throws IllegalArgumentException  when the options are out of range or differ from the
     *                                   existing journal's (each difference named)
     * @throws JournalCorruptedException when a file holds impossible values
     * @throws SharedMemoryException     when a file cannot be created or opened
     */
    public static Journal open(Path directory, JournalOptions options) {
        Objects.requireNonNull(directory, "directory");
        options.validate();
        Path dir = directory.toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve(READERS_DIRECTORY));
        } catch (IOException e) {
            throw new SharedMemoryException(SharedMemoryException.Reason.IO_ERROR, dir, "cannot create the journal directory: " + e, e);
        }
        Path metaPath = dir.resolve(FILE_NAME);
        SharedRegion region;
        try {
            region = SharedRegion.create(metaPath, FORMAT, JournalMetaDescriptor.fileLength(options.appenderSlots()),
                    RegionAccess.OWNER, m -> {
                        m.putInt(ROLL_BYTES_OFFSET, options.rollBytes());
                        m.putInt(ROLL_PERIOD_OFFSET, options.rollPeriod().ordinal());
                        m.putInt(MAX_MESSAGE_LENGTH_OFFSET, options.maxMessageLength());
                        m.putInt(APPENDER_SLOTS_OFFSET, options.appenderSlots());
                        m.putInt(INDEX_INTERVAL_OFFSET, options.indexInterval());
                        m.putLong(STUCK_CLAIM_TIMEOUT_OFFSET, options.stuckClaimTimeoutNanos());
                        m.putInt(RETENTION_MEASURE_OFFSET, options.retention().measure().ordinal());
                        m.putLong(RETENTION_AMOUNT_OFFSET, options.retention().amount());
                        m.putInt(SYNC_MODE_OFFSET, options.sync().mode().ordinal());
                        m.putLong(SYNC_PERIOD_OFFSET, options.sync().periodNanos());
                    });
        } catch (SharedMemoryException e) {
            if (e.reason() != SharedMemoryException.Reason.ALREADY_EXISTS) {
                throw e;
            }
            region = openMeta(metaPath, false);
        }
        boolean opened = false;
        try {
            JournalOptions stored = storedOptions(region).waitStrategy(options.waitStrategy());
            List<String> differences = options.differences(stored);
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException(metaPath + ": the journal was created with other options: "
                        + String.join(", ", differences));
            }
            Journal journal = new Journal(dir, region, stored, false);
            journal.startFirstSegment();
            journal.recoverUnwrittenTail();
            opened = true;
            return journal;
        } finally {
            if (!opened) {
                region.close();
            }
        }
    }

    /**
     * Opens an existing journal for replay with read permission only: its readers are unnamed,
     * write nothing and wait by backing off (a futex wait would have to arm the flag in the meta).
     *
     * @param directory the journal's directory
     * @return the journal
     */
    public static Journal openReadOnly(Path directory) {
        Path dir = directory.toAbsolutePath();
        SharedRegion region = openMeta(dir.resolve(FILE_NAME), true);
        try {
            if (region.kind() != META_KIND || region.version() != LAYOUT_VERSION) {
                throw new JournalCorruptedException(region.path(), 12, "kind=" + region.kind() + " version="
                        + region.version() + " (a journal meta has kind=" + META_KIND + " version=" + LAYOUT_VERSION + ")");
            }
            Journal journal = new Journal(dir, region, storedOptions(region), true);
            region = null;
            return journal;
        } finally {
            if (region != null) {
                region.close();
            }
        }
    }

    private static SharedRegion openMeta(Path path, boolean readOnly) {
        try {
            return readOnly ? SharedRegion.openReadOnly(path) : SharedRegion.open(path, FORMAT);
        } catch (SharedMemoryException e) {
            throw JournalCorruptedException.of(e);
        }
    }

    private static JournalOptions storedOptions(SharedRegion region) {
        MappedMemory m = region.memory();
        int periodOrdinal = m.getInt(ROLL_PERIOD_OFFSET);
        if (periodOrdinal < 0 || periodOrdinal >= RollPeriod.values().length) {
            throw new JournalCorruptedException(region.path(), ROLL_PERIOD_OFFSET, "roll period=" + periodOrdinal
                    + " (expected 0.." + (RollPeriod.values().length - 1) + ")");
        }
        JournalOptions stored = JournalOptions.defaults().rollBytes(m.getInt(ROLL_BYTES_OFFSET))
                .rollPeriod(RollPeriod.values()[periodOrdinal]).maxMessageLength(m.getInt(MAX_MESSAGE_LENGTH_OFFSET))
                .appenderSlots(m.getInt(APPENDER_SLOTS_OFFSET)).indexInterval(m.getInt(INDEX_INTERVAL_OFFSET));
        long timeout = m.getLong(STUCK_CLAIM_TIMEOUT_OFFSET);
        if (timeout < 0) {
            throw new JournalCorruptedException(region.path(), STUCK_CLAIM_TIMEOUT_OFFSET, "stuck-claim timeout="
                    + timeout + " ns is negative");
        }
        stored = stored.stuckClaimTimeout(timeout, java.util.concurrent.TimeUnit.NANOSECONDS);
        int measure = m.getInt(RETENTION_MEASURE_OFFSET);
        int mode = m.getInt(SYNC_MODE_OFFSET);
        if (measure < 0 || measure >= JournalRetention.Measure.values().length) {
            throw new JournalCorruptedException(region.path(), RETENTION_MEASURE_OFFSET, "retention measure=" + measure
                    + " (expected 0.." + (JournalRetention.Measure.values().length - 1) + ")");
        }
        if (mode < 0 || mode >= JournalSync.Mode.values().length) {
            throw new JournalCorruptedException(region.path(), SYNC_MODE_OFFSET, "sync mode=" + mode
                    + " (expected 0.." + (JournalSync.Mode.values().length - 1) + ")");
        }
        try {
            stored = stored.retention(JournalRetention.of(JournalRetention.Measure.values()[measure],
                    m.getLong(RETENTION_AMOUNT_OFFSET)));
        } catch (IllegalArgumentException e) {
            throw new JournalCorruptedException(region.path(), RETENTION_AMOUNT_OFFSET, e.getMessage());
        }
        try {
            stored = stored.sync(JournalSync.of(JournalSync.Mode.values()[mode], m.getLong(SYNC_PERIOD_OFFSET)));
        } catch (IllegalArgumentException e) {
            throw new JournalCorruptedException(region.path(), SYNC_PERIOD_OFFSET, e.getMessage());
        }
        try {
            stored.validate();
        } catch (IllegalArgumentException e) {
            throw new JournalCorruptedException(region.path(), ROLL_BYTES_OFFSET, "configuration: " + e.getMessage());
        }
        if (region.length() != JournalMetaDescriptor.fileLength(stored.appenderSlots())) {
            throw new JournalCorruptedException(region.path(), APPENDER_SLOTS_OFFSET, "appender slots="
                    + stored.appenderSlots() + " do not fit the file length=" + region.length());
        }
        return stored;
    }

    /** Creates and activates segment 0 of a new journal (again, if its creator died before). */
    private void startFirstSegment() {
        long current = currentSegment();
        if (current != 0) {
            return;
        }
        prepare(0);
        try (Segment first = openSegment(0)) {
            long now = EpochNanos.now();
            first.activate(0, options.rollPeriod().periodEnd(now), now);
        }
    }

    /** @return the journal's directory */
    public Path directory() {
        return directory;
    }

    /** @return the journal's layout and this process's wait */
    public JournalOptions options() {
        return options;
    }

    /** @return true when opened by {@link #openReadOnly} */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return {@code journal:} and the directory */
    public String uri() {
        return "journal:" + directory;
    }

    /**
     * @return the current segment's number
     * @throws JournalCorruptedException when it is negative
     */
    public long currentSegment() {
        // Acquire: pairs with the roll's CAS, after which the segment is activated.
        long current = memory.getLongAcquire(CURRENT_SEGMENT_OFFSET);
        if (current < 0 || current > Integer.MAX_VALUE) {
            throw new JournalCorruptedException(meta.path(), CURRENT_SEGMENT_OFFSET, "current segment=" + current
                    + " (expected 0.." + Integer.MAX_VALUE + ")");
        }
        return current;
    }

    /** @return the oldest kept segment's number (retention moves it forward before deleting files) */
    public long firstSegment() {
        long first = memory.getLongAcquire(FIRST_SEGMENT_OFFSET);
        if (first < 0 || first > currentSegment()) {
            throw new JournalCorruptedException(meta.path(), FIRST_SEGMENT_OFFSET, "first segment=" + first
                    + " (expected 0..current segment=" + currentSegment() + ")");
        }
        return first;
    }

    /** @return the numbers of the segment files in the directory, in order (prepared ones too) */
    public List<Long> segments() {
        List<Long> numbers = new ArrayList<>();
        try (var files = Files.list(directory)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.length() == 20 + SegmentDescriptor.SUFFIX.length() && n.endsWith(SegmentDescriptor.SUFFIX)
                            && n.chars().limit(20).allMatch(Character::isDigit))
                    .map(n -> Long.parseLong(n.substring(0, 20))).sorted().forEach(numbers::add);
        } catch (IOException e) {
            throw new SharedMemoryException(SharedMemoryException.Reason.IO_ERROR, directory, "cannot list: " + e, e);
        }
        return numbers;
    }

    /** @return the sequence the next claim gets (at least; later claims may be made meanwhile) */
    public long nextSequence() {
        try (Segment current = openSegment(currentSegment())) {
            long word = current.claimWord();
            return current.firstSequence() + SegmentDescriptor.count(word);
        }
    }

    /** @return the first segment's first sequence: the smallest sequence a reader can get */
    public long firstSequence() {
        for (;;) {
            long number = firstSegment();
            try (Segment first = openSegment(number)) {
                return first.firstSequence();
            } catch (SharedMemoryException e) {
                // retention deleted it between the two reads: look again
                if (e.reason() != SharedMemoryException.Reason.MISSING || firstSegment() == number) {
                    throw e;
                }
            }
        }
    }

    /**
     * The named readers and their acknowledged positions, read without taking the names.
     *
     * @return name to position, sorted by name
     * @throws JournalCorruptedException when a position file is damaged
     */
    public java.util.SortedMap<String, JournalPosition> namedReaders() {
        java.util.SortedMap<String, JournalPosition> readers = new java.util.TreeMap<>();
        try (var files = Files.list(directory.resolve(READERS_DIRECTORY))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".pos") && READER_NAME.matcher(name.substring(0, name.length() - 4)).matches()) {
                    readers.put(name.substring(0, name.length() - 4), ReaderPosition.peek(file));
                }
            }
        } catch (IOException e) {
            throw new SharedMemoryException(SharedMemoryException.Reason.IO_ERROR, directory, "cannot list readers: " + e, e);
        }
        return readers;
    }

    /** @return the identities of the processes holding appender slots, one entry per slot held */
    public List<ProcessIdentity> appenders() {
        List<ProcessIdentity> owners = new ArrayList<>();
        for (int i = 0; i < options.appenderSlots(); i++) {
            // Acquire: pairs with the attach CAS.
            long owner = memory.getLongAcquire(slotOffset(i) + SLOT_OWNER_OFFSET);
            if (owner != 0) {
                owners.add(ProcessIdentity.unpack(owner));
            }
        }
        return owners;
    }

    /** @return dead appenders' claims repaired to padding, over the journal's life */
    public long repairs() {
        return memory.getLongVolatile(REPAIRS_OFFSET);
    }

    /** @return segment files deleted by retention, over the journal's life */
    public long deletedSegments() {
        return memory.getLongVolatile(DELETED_OFFSET);
    }

    /** @return msync calls made by appenders and {@link #sync()}, over the journal's life */
    public long syncs() {
        return memory.getLongVolatile(SYNCS_OFFSET);
    }

    /**
     * Deletes the segments the journal's {@link JournalOptions#retention()} no longer keeps. The
     * appender that rolls calls it after each roll; a tool may call it at any time (a journal
     * retained by time and not appended to keeps its segments until someone does).
     *
     * <p>Never deleted: the current segment; any segment from the position of a <em>live</em>
     * named reader on (its name held by a live process: it holds them as long as it lives and
     * has not acknowledged past them); the segment of a live appender's pending claim. A named
     * reader that is closed or whose process died holds nothing: its name does not pin the
     * journal, and when it comes back behind the first kept segment its first poll throws
     * {@link JournalTruncatedException}. Unnamed readers hold nothing either: one inside a
     * deleted segment reads it to its end (its mapping outlives the unlink) and gets the
     * exception when it would open the next deleted one.
     *
     * <p>The first-segment word moves forward by CAS before any file is unlinked, so a reader
     * that finds a file missing below it knows retention took it; files a deleter that died
     * left below the word are deleted here too.
     *
     * @return segment files deleted
     * @throws IllegalStateException on a read-only journal
     */
    public int applyRetention() {
        checkWritable("retention");
        return retain();
    }

    /** {@link #applyRetention()} without the open check: a roll in progress while the journal closes finishes it. */
    private int retain() {
        JournalRetention retention = options.retention();
        if (retention.measure() == JournalRetention.Measure.NONE) {
            return 0;
        }
        long current = currentSegment();
        long keepFrom = Math.min(retentionStart(retention, current), holdStart(current));
        for (;;) {
            long first = firstSegment();
            // CAS: moves the oldest kept segment forward before any unlink; pairs with
            // firstSegment()'s acquire in readers, which treat a missing file below it as deleted.
            if (first >= keepFrom || memory.compareAndSetLong(FIRST_SEGMENT_OFFSET, first, keepFrom)) {
                break;
            }
        }
        long first = firstSegment();
        int deleted = 0;
        for (long number : segments()) {
            if (number >= first) {
                break;
            }
            try {
                if (Files.deleteIfExists(segmentPath(number))) {
                    deleted++;
                }
            } catch (IOException e) {
                throw new SharedMemoryException(SharedMemoryException.Reason.IO_ERROR, segmentPath(number),
                        "cannot delete segment=" + number + " (retention " + retention + "): " + e, e);
            }
        }
        if (deleted > 0) {
            memory.getAndAddLong(DELETED_OFFSET, deleted);
        }
        return deleted;
    }

    /** @return the lowest segment the retention measure keeps (the current one at most) */
    private long retentionStart(JournalRetention retention, long current) {
        long first = firstSegment();
        switch (retention.measure()) {
            case SEGMENTS:
                return Math.max(first, current - retention.amount() + 1);
            case BYTES: {
                long perSegment = SegmentDescriptor.fileLength(options.rollBytes(), options.indexInterval());
                return Math.max(first, current - Math.max(1, retention.amount() / perSegment) + 1);
            }
            case TIME: {
                long oldest = EpochNanos.now() - retention.amount();
                long keep = first;
                // segment n's records are older than its successor's activation
                while (keep < current) {
                    try (Segment next = openSegment(keep + 1)) {
                        if (next.firstSequence() == SegmentDescriptor.UNSET_SEQUENCE || next.activationTime() > oldest) {
                            break;
                        }
                    }
                    keep++;
                }
                return keep;
            }
            default:
                return first;
        }
    }

    /** @return the lowest segment a live named reader's position or a live appender's claim is in, else current */
    private long holdStart(long current) {
        long hold = current;
        for (int i = 0; i < options.appenderSlots(); i++) {
            int slot = slotOffset(i);
            // Acquire loads: pair with the appender's release stores before its claim CAS.
            long owner = memory.getLongAcquire(slot + SLOT_OWNER_OFFSET);
            int length = memory.getIntAcquire(slot + SLOT_LENGTH_OFFSET);
            long number = memory.getLongAcquire(slot + SLOT_SEGMENT_OFFSET);
            int offset = SegmentDescriptor.offset(memory.getLongAcquire(slot + SLOT_FROM_OFFSET));
            if (owner != 0 && length > 0 && number >= 0 && number < hold && ProcessIdentity.isAlive(owner)
                    && uncommitted(number, offset)) {
                hold = number;
            }
        }
        try (var files = Files.list(directory.resolve(READERS_DIRECTORY))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".pos") || !READER_NAME.matcher(name.substring(0, name.length() - 4)).matches()) {
                    continue;
                }
                long[] read;
                try {
                    read = ReaderPosition.peekWithOwner(file);
                } catch (SharedMemoryException e) {
                    if (e.reason() == SharedMemoryException.Reason.MISSING) {
                        continue; // a tool removed the name meanwhile
                    }
                    throw e;
                }
                if (read[0] != 0 && read[1] >= 0 && read[1] < hold && ProcessIdentity.isAlive(read[0])) {
                    hold = read[1];
                }
            }
        } catch (IOException e) {
            throw new SharedMemoryException(SharedMemoryException.Reason.IO_ERROR, directory, "cannot list readers: " + e, e);
        }
        return hold;
    }

    /** @return true when segment {@code number} exists and its record at {@code offset} is claimed, not committed */
    private boolean uncommitted(long number, int offset) {
        if (!Files.exists(segmentPath(number))) {
            return false;
        }
        try (Segment segment = openSegment(number)) {
            return offset >= 0 && offset < SegmentDescriptor.offset(segment.claimWord())
                    && SegmentDescriptor.headerType(segment.headerAcquire(offset)) == 0;
        } catch (SharedMemoryException e) {
            if (e.reason() == SharedMemoryException.Reason.MISSING) {
                return false;
            }
            throw e;
        }
    }

    /**
     * msyncs what is claimed in the current segment and the one before it, and the meta file:
     * every record committed before the call survives a kernel crash or power loss after it.
     * {@code sync=periodic}'s thread calls it every period; anyone may. Does nothing once the
     * journal is closed.
     *
     * @throws SharedMemoryException {@code IO_ERROR} naming the file when msync fails
     */
    public synchronized void sync() {
        if (metaClosed) {
            return;
        }
        long current = currentSegment();
        for (long number = Math.max(firstSegment(), current - 1); number <= current; number++) {
            try (Segment segment = openSegment(number)) {
                segment.syncUpTo(SegmentDescriptor.offset(segment.claimWord()));
            } catch (SharedMemoryException e) {
                if (e.reason() != SharedMemoryException.Reason.MISSING) {
                    throw e; // MISSING: retention deleted it meanwhile
                }
            }
        }
        meta.sync(0, SLOTS_OFFSET);
        memory.getAndAddLong(SYNCS_OFFSET, 1);
    }

    /**
     * @return what this open cut off the current segment's tail (records claimed but never
     *         written to the file: a kernel crash or power loss before they were synced), or null
     */
    public JournalTruncation truncation() {
        return truncation;
    }

    /**
     * When no live appender holds a slot (a first open after a crash), walks the current
     * segment's records up to its claim word and, at the first header never written (zero, and
     * no dead appender's slot claiming that place, whose claim readers repair), moves the claim
     * word back there, so readers do not wait forever for records a power loss took. Damaged
     * records are left for readers to report.
     */
    private void recoverUnwrittenTail() {
        for (int i = 0; i < options.appenderSlots(); i++) {
            // Acquire: pairs with the attach CAS.
            long owner = memory.getLongAcquire(slotOffset(i) + SLOT_OWNER_OFFSET);
            if (owner != 0 && ProcessIdentity.isAlive(owner)) {
                return;
            }
        }
        long number = currentSegment();
        try (Segment segment = openSegment(number)) {
            long word = segment.claimWord();
            long first = segment.firstSequence();
            if (SegmentDescriptor.sealed(word) || first == SegmentDescriptor.UNSET_SEQUENCE) {
                return; // a roll in progress: the next appender completes it
            }
            int claimed = SegmentDescriptor.offset(word);
            int at = 0;
            int count = 0;
            while (at < claimed) {
                long header = segment.headerAcquire(at);
                int type = SegmentDescriptor.headerType(header);
                int length = SegmentDescriptor.headerLength(header);
                int recordLength;
                if (type != 0) {
                    recordLength = length < 0 ? -1 : SegmentDescriptor.recordLength(length);
                } else if (length < 0) {
                    recordLength = -length; // an in-flight mark: readers repair it
                } else if (length == 0) {
                    recordLength = deadClaimAt(number, at);
                    if (recordLength == 0) {
                        break; // never written: the tail from here is lost
                    }
                } else {
                    return;
                }
                if (recordLength < SegmentDescriptor.RECORD_HEADER_LENGTH || (recordLength & 7) != 0
                        || recordLength > claimed - at) {
                    return; // damaged: readers report it, naming the offset
                }
                at += recordLength;
                count++;
            }
            // CAS: from the word we walked; fails harmlessly if an appender attached meanwhile.
            if (at < claimed && segment.casClaim(word, SegmentDescriptor.claimWord(count, at))) {
                // entries of cut records would send seeks into records written later over them
                segment.clearIndexFrom((count + options.indexInterval() - 1) / options.indexInterval());
                truncation = new JournalTruncation(segment.path(), segment.fileOffset(at), first + count,
                        SegmentDescriptor.count(word) - count, claimed - at);
                System.getLogger(Journal.class.getName()).log(System.Logger.Level.WARNING, truncation.toString());
            }
        }
    }

    /** @return the record length a dead appender's slot claims at {@code offset} of segment {@code number}, or 0 */
    private int deadClaimAt(long number, int offset) {
        for (int i = 0; i < options.appenderSlots(); i++) {
            int slot = slotOffset(i);
            // Acquire loads: pair with the appender's release stores before its claim CAS.
            int length = memory.getIntAcquire(slot + SLOT_LENGTH_OFFSET);
            if (length > 0 && memory.getLongAcquire(slot + SLOT_SEGMENT_OFFSET) == number
                    && SegmentDescriptor.offset(memory.getLongAcquire(slot + SLOT_FROM_OFFSET)) == offset) {
                return length;
            }
        }
        return 0;
    }

    /** @return rolls made, over the journal's life */
    public long rolls() {
        return memory.getLongVolatile(ROLLS_OFFSET);
    }

    /**
     * Attaches an appender, taking a free appender slot (or a dead appender's, once its last
     * claim is settled: committed, or repaired here).
     *
     * @return the appender
     * @throws RingSlotsTakenException when every slot is held by a live appender
     */
    public JournalAppender appender() {
        return appender(ProcessIdentity.current());
    }

    /** An appender whose slot names {@code owner} (tests attach as a dead process). */
    synchronized JournalAppender appender(ProcessIdentity owner) {
        checkWritable("an appender");
        JournalAppender appender = new JournalAppender(this, takeSlot(owner.pack()));
        endpoints.add(appender);
        if (syncer == null && options.sync().mode() == JournalSync.Mode.PERIODIC) {
            syncer = new JournalSyncer(this, options.sync().periodNanos());
        }
        return appender;
    }

    /**
     * An unnamed reader: it keeps no position.
     *
     * @param from where it starts
     * @return the reader
     */
    public synchronized JournalReader reader(JournalStart from) {
        checkOpen();
        JournalReader reader = new JournalReader(this, null, from);
        endpoints.add(reader);
        return reader;
    }

    /**
     * A named reader: it resumes from the position its name stored in {@code readers/NAME.pos}
     * (created at {@code from} when the name is new); one live reader per name.
     *
     * @param name letters, digits, {@code . _ -}, at most 64, not starting with {@code .} or {@code -}
     * @param from where a new name starts
     * @return the reader
     * @throws RingSlotsTakenException when a live reader holds the name
     */
    public synchronized JournalReader reader(String name, JournalStart from) {
        checkWritable("a named reader");
        if (name == null || !READER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name=" + name + " must match " + READER_NAME.pattern());
        }
        JournalReader reader = new JournalReader(this, name, from);
        endpoints.add(reader);
        return reader;
    }

    private void checkWritable(String what) {
        checkOpen();
        if (readOnly) {
            throw new IllegalStateException(directory + ": a read-only journal has no " + what);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(directory + ": the journal is closed");
        }
    }

    /**
     * Closes every appender and reader taken from it, then the meta file. An endpoint another
     * thread is using detaches on that thread's next call (see {@link JournalReader}); the
     * meta file, which its detach writes, is unmapped when the last endpoint has detached.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable endpoint : new ArrayList<>(endpoints)) {
            try {
                endpoint.close();
            } catch (Exception ignored) {
                // each endpoint's close reports nothing but its own state; go on closing the rest
            }
        }
        closeMetaWhenUnused();
    }

    /** Called by an endpoint's detach: once the journal is closed, the last one unmaps the meta. */
    synchronized void forget(AutoCloseable endpoint) {
        endpoints.remove(endpoint);
        if (syncer != null && endpoints.stream().noneMatch(e -> e instanceof JournalAppender)) {
            syncer.stop();
            syncer = null;
        }
        closeMetaWhenUnused();
    }

    private void closeMetaWhenUnused() {
        if (closed && syncer != null) {
            syncer.stop();
            syncer = null;
        }
        if (closed && endpoints.isEmpty() && !metaClosed) {
            metaClosed = true;
            meta.close();
        }
    }

    // ---- for appenders and readers -------------------------------------------------------

    MappedMemory metaMemory() {
        return memory;
    }

    FutexSignal signal() {
        return signal;
    }

    Path segmentPath(long number) {
        return directory.resolve(SegmentDescriptor.fileName(number));
    }

    Segment openSegment(long number) {
        return Segment.open(segmentPath(number), number, options.rollBytes(), options.indexInterval(), readOnly);
    }

    /**
     * Creates segment {@code number}'s file, its space reserved, unless it exists.
     *
     * @throws SharedMemoryException {@code NO_SPACE} when the file system is full
     */
    void prepare(long number) {
        if (Files.exists(segmentPath(number))) {
            return;
        }
        try {
            Segment.create(segmentPath(number), number, options.rollBytes(), options.indexInterval());
        } catch (SharedMemoryException e) {
            if (e.reason() != SharedMemoryException.Reason.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    /**
     * Moves on from a sealed segment: to the current one if the journal already rolled past it,
     * else rolls (prepares and activates the next, advances the current-segment word).
     *
     * @param sealed a segment whose claim word is sealed
     * @param now    the roller's timestamp, which places the new segment's period
     * @return the segment to claim in next, mapped
     */
    Segment roll(Segment sealed, long now) {
        long current = currentSegment();
        if (current > sealed.number()) {
            return openSegment(current);
        }
        long next = sealed.number() + 1;
        long word = sealed.claimWord();
        prepare(next);
        Segment segment = openSegment(next);
        boolean durable = options.sync().mode() != JournalSync.Mode.NONE;
        try {
            if (durable) {
                // the sealed segment whole on the disk before the journal points past it
                sealed.syncUpTo(SegmentDescriptor.offset(word));
            }
            segment.activate(sealed.firstSequence() + SegmentDescriptor.count(word), options.rollPeriod().periodEnd(now), now);
            if (durable) {
                segment.syncHeader();
            }
            // CAS: pairs with other rollers' CAS and currentSegment()'s acquire; the activation
            // above is visible to whoever sees the new number.
            if (memory.compareAndSetLong(CURRENT_SEGMENT_OFFSET, sealed.number(), next)) {
                memory.getAndAddLong(ROLLS_OFFSET, 1);
                if (durable) {
                    meta.sync(CURRENT_SEGMENT_OFFSET, 2 * Long.BYTES);
                    memory.getAndAddLong(SYNCS_OFFSET, 3);
                }
                retain();
            }
            Segment result = segment;
            segment = null;
            return result;
        } finally {
            if (segment != null) {
                segment.close();
            }
        }
    }

    private int takeSlot(long owner) {
        for (int i = 0; i < options.appenderSlots(); i++) {
            int slot = slotOffset(i);
            // Volatile: pairs with other attachers' CAS and with close's release of the slot.
            long current = memory.getLongVolatile(slot + SLOT_OWNER_OFFSET);
            boolean free = current == 0 || (!ProcessIdentity.isAlive(current) && settle(slot));
            // CAS: one owner per slot; pairs with other attachers.
            if (free && memory.compareAndSetLong(slot + SLOT_OWNER_OFFSET, current, owner)) {
                // Release: our slot has no claim; pairs with the repairers' acquire loads.
                memory.putIntRelease(slot + SLOT_LENGTH_OFFSET, 0);
                return slot;
            }
        }
        throw new RingSlotsTakenException(meta.path() + ": all appenderSlots=" + options.appenderSlots()
                + " are held by live appenders");
    }

    /**
     * @return true when a dead appender's slot holds no unsettled claim (none, committed, never
     *         made, or repaired now)
     */
    private boolean settle(int slot) {
        int length = memory.getIntAcquire(slot + SLOT_LENGTH_OFFSET);
        if (length == 0) {
            return true;
        }
        long number = memory.getLongAcquire(slot + SLOT_SEGMENT_OFFSET);
        if (number < firstSegment() || number > currentSegment() || !Files.exists(segmentPath(number))) {
            return true;
        }
        int offset = SegmentDescriptor.offset(memory.getLongAcquire(slot + SLOT_FROM_OFFSET));
        try (Segment segment = openSegment(number)) {
            if (offset < 0 || offset >= segment.capacity()) {
                return true;
            }
            long header = segment.headerAcquire(offset);
            if (SegmentDescriptor.headerType(header) != 0 || SegmentDescriptor.offset(segment.claimWord()) <= offset) {
                return true;
            }
            return repairIfAbandoned(segment, offset, header, 0) && SegmentDescriptor.headerType(segment.headerAcquire(offset)) != 0;
        }
    }

    /**
     * Repairs the claimed, uncommitted record at {@code offset} to padding when every appender
     * slot that claimed it belongs to a dead process, or when it has been stuck for the
     * journal's stuck-claim timeout. Its extent is the in-flight mark's, or the claimers'
     * slots' when they agree (or exactly one of them fits what follows).
     *
     * @param header   the header seen there: 0 or an in-flight mark
     * @param stuckFor how long the caller has seen it uncommitted, ns
     * @return true when the header changed (repaired now or by another); false to wait
     */
    boolean repairIfAbandoned(Segment segment, int offset, long header, long stuckFor) {
        long timeout = options.stuckClaimTimeoutNanos();
        boolean timedOut = timeout > 0 && stuckFor >= timeout;
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < options.appenderSlots(); i++) {
            int slot = slotOffset(i);
            // Acquire loads: pair with the appender's release stores before its claim CAS.
            long owner = memory.getLongAcquire(slot + SLOT_OWNER_OFFSET);
            int length = memory.getIntAcquire(slot + SLOT_LENGTH_OFFSET);
            long number = memory.getLongAcquire(slot + SLOT_SEGMENT_OFFSET);
            long from = memory.getLongAcquire(slot + SLOT_FROM_OFFSET);
            if (length <= 0 || number != segment.number() || SegmentDescriptor.offset(from) != offset) {
                continue;
            }
            if (!timedOut && owner != 0 && ProcessIdentity.isAlive(owner)) {
                return false;
            }
            if (!lengths.contains(length)) {
                lengths.add(length);
            }
        }
        // Volatile: the header must still be what we saw, now the slots are read.
        long now = segment.headerAcquire(offset);
        if (now != header) {
            return true;
        }
        int length = SegmentDescriptor.headerLength(header);
        int recordLength;
        if (length < 0) {
            recordLength = -length;
        } else if (lengths.size() == 1) {
            recordLength = lengths.get(0);
        } else {
            recordLength = plausible(segment, offset, lengths);
            if (recordLength < 0) {
                return false;
            }
        }
        if (recordLength < SegmentDescriptor.RECORD_HEADER_LENGTH || (recordLength & 7) != 0
                || recordLength > segment.capacity() - offset) {
            throw segment.corrupted(segment.fileOffset(offset), "in-flight record length=" + recordLength
                    + " is unaligned, below " + SegmentDescriptor.RECORD_HEADER_LENGTH + " or past the capacity="
                    + segment.capacity());
        }
        if (lengths.isEmpty()) {
            return false;
        }
        if (segment.repair(offset, header, recordLength)) {
            memory.getAndAddLong(REPAIRS_OFFSET, 1);
        }
        return true;
    }

    /** @return the one candidate length after which the next record or the claim position starts, or -1 */
    private static int plausible(Segment segment, int offset, List<Integer> lengths) {
        int claimed = SegmentDescriptor.offset(segment.claimWord());
        int found = -1;
        for (int length : lengths) {
            long end = (long) offset + length;
            boolean fits = end == claimed || (end < claimed && SegmentDescriptor.headerType(segment.headerAcquire((int) end)) != 0);
            if (fits) {
                if (found >= 0) {
                    return -1;
                }
                found = length;
            }
        }
        return found;
    }
}
