package io.ipcring.ring.journal;

import static io.ipcring.ring.journal.SegmentDescriptor.*;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.ring.internal.RingWait;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.SharedMemoryException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Reads a {@link Journal}'s records in sequence order, independently of every other reader and
 * of the appenders, moving into the next segment when the current one is sealed and read.
 *
 * <p>Sequences are strictly increasing but not dense: an aborted claim, or a dead appender's
 * claim repaired to padding, keeps its sequence number and is skipped. A reader that waits on a
 * claimed, uncommitted record whose claimer's process is dead (checked every 10 ms once it has
 * waited that long) turns it into padding; a read-only reader cannot, and waits for a writable
 * one to.
 *
 * <p>Named readers acknowledge each poll's batch in {@code readers/NAME.pos}: a batch that
 * returned is never delivered again to that name, the batch in flight at a kill is delivered
 * again (at-least-once for it). If the handler throws, the records before it and its own are
 * acknowledged and the exception propagates.
 *
 * <p>Starting at a time positions by the sparse index and then skips records, in sequence
 * order, until the first whose timestamp is at or after it; timestamps are taken at claim, so
 * records of different appenders may be out of time order by the time between an appender's
 * clock read and its claim (and by the processes' clock differences, see the README).
 *
 * <p>Used by one thread at a time; {@link #close()} may come from any thread (the rings'
 * {@link EndpointLifecycle} contract): a poll in progress in another thread finishes (a timed
 * one stops waiting), the next call throws {@link ChannelClosedException}, and the name's
 * release and the unmap run on a thread that cannot race a poll. A close from inside a handler
 * detaches when that poll ends.
 */
public final class JournalReader implements Subscriber {
    private static final long CHECK_INTERVAL_NANOS = 10_000_000L;
    /**
     * While the journal has not rolled past its segment, a reader that finds no committed record
     * at its place reads the segment's claim word only on every this many such looks (and on the
     * first look after a timed poll's wait). The claim word is the line every appender
     * compare-and-sets: read on each empty look it would be pulled to the reader's core between
     * two claims, and each claim would wait for it, one more cross-core transfer per message.
     * What that read finds (a claim whose claimer died before it committed, the segment sealed)
     * needs no quicker answer: a repair waits {@link #CHECK_INTERVAL_NANOS} anyway, and a roll is
     * seen by the meta's current-segment word (a line written only at rolls) at the next look.
     */
    static final int CLAIM_LOOK_INTERVAL = 256;

    private final Journal journal;
    private final String name;
    private final ReaderPosition position;
    private final boolean readOnly;
    private final WaitStrategy strategy;
    private final int maxMessageLength;
    private Segment segment;
    private int offset;
    private long nextSequence;
    /** Records below this sequence are skipped (a sequence start). */
    private long fromSequence;
    /** Records before this time are skipped until the first at or after it (a time start). */
    private long fromTime = Long.MIN_VALUE;
    /** The next sequence when the reader found its place deleted by retention, or -1: the next poll throws. */
    private long truncatedFrom = -1;
    private long stuckSegment = -1;
    private int stuckOffset = -1;
    private long stuckSince;
    private long lastCheck;
    /** Empty looks at the reader's place since the claim word was last read (see {@link #CLAIM_LOOK_INTERVAL}). */
    private int emptyLooks;
    /** The next empty look reads the claim word: set after a timed poll's wait. */
    private boolean claimLookDue;
    /** Who may unmap, and when: see {@link EndpointLifecycle}. */
    private final EndpointLifecycle lifecycle;
    /** The handler of a {@link #poll(MessageHandler, int)} in progress, for {@link #adapter}. */
    private MessageHandler messageHandler;
    /** Hands records to {@link #messageHandler}: made once, so a poll allocates nothing. */
    private final JournalHandler adapter = (sequence, timestamp, type, buffer, at, length) ->
            messageHandler.onMessage(type, buffer, at, length);
    /** {@link #ready()}, made once, so a timed poll allocates nothing. */
    private final java.util.function.BooleanSupplier readyCheck;

    JournalReader(Journal journal, String name, JournalStart from) {
        this.journal = journal;
        this.name = name;
        this.readOnly = journal.isReadOnly();
        this.strategy = readOnly ? WaitStrategy.BACKOFF : journal.options().waitStrategy();
        this.maxMessageLength = journal.options().maxMessageLength();
        Objects.requireNonNull(from, "from");
        // a close ends the wait first: the poll's next enter() throws (and detaches)
        this.lifecycle = EndpointLifecycle.guarded(journal.directory() + (name == null ? "" : " reader=" + name)
                + ": the reader is closed", this::detach, journal.signal()::wakeForClose);
        this.readyCheck = () -> lifecycle.isClosed() || ready();
        if (name == null) {
            this.position = null;
            startKept(from);
            return;
        }
        startKept(from);
        ReaderPosition taken = null;
        try {
            taken = ReaderPosition.take(journal.directory().resolve(Journal.READERS_DIRECTORY).resolve(name + ".pos"),
                    name, new long[] {segment.number(), offset, nextSequence});
            resume(taken);
            this.position = taken;
            taken = null;
        } finally {
            if (taken != null) {
                taken.close();
                segment.close();
            }
        }
    }

    /** {@link #start}, again when retention deleted a segment it was opening. */
    private void startKept(JournalStart from) {
        for (;;) {
            try {
                start(from);
                return;
            } catch (SegmentGone gone) {
                // retention moved the first segment on while we looked: look again
            }
        }
    }

    private void start(JournalStart from) {
        switch (from.kind()) {
            case FIRST:
                moveTo(journal.firstSegment(), 0, -1);
                break;
            case END: {
                moveTo(journal.currentSegment(), 0, -1);
                long word = segment.claimWord();
                offset = SegmentDescriptor.offset(word);
                nextSequence = segment.firstSequence() + SegmentDescriptor.count(word);
                break;
            }
            case SEQUENCE:
                fromSequence = from.value();
                seekSequence(from.value());
                if (fromSequence < segment.firstSequence() && segment.number() > 0) {
                    truncatedFrom = fromSequence; // the sequence asked for was deleted
                }
                break;
            default:
                fromTime = from.value();
                seekTime(from.value());
        }
    }

    /** Maps segment {@code number} and places the reader at an index entry (or the start, -1). */
    private void moveTo(long number, int entry, int entryOffset) {
        Segment next = open(number);
        long first = next.firstSequence();
        if (first == UNSET_SEQUENCE) {
            next.close();
            throw new JournalCorruptedException(journal.segmentPath(number), FIRST_SEQUENCE_OFFSET,
                    "segment=" + number + " is not activated but the journal's current segment is " + journal.currentSegment());
        }
        if (segment != null) {
            segment.close();
        }
        segment = next;
        offset = entryOffset < 0 ? 0 : entryOffset;
        nextSequence = first + (entryOffset < 0 ? 0 : (long) entry * segment.indexInterval());
    }

    /**
     * Maps segment {@code number}.
     *
     * @throws SegmentGone when its file is missing because retention deleted it
     */
    private Segment open(long number) {
        try {
            return journal.openSegment(number);
        } catch (SharedMemoryException e) {
            if (e.reason() == SharedMemoryException.Reason.MISSING && number < journal.firstSegment()) {
                throw SegmentGone.INSTANCE;
            }
            throw e;
        }
    }

    /** Moves to the first kept segment's start after finding the place deleted; the next poll throws. */
    private void moveToFirstKept(long lostFrom) {
        truncatedFrom = lostFrom;
        for (;;) {
            try {
                moveTo(journal.firstSegment(), 0, -1);
                return;
            } catch (SegmentGone gone) {
                // deleted again meanwhile: the first segment moved on
            }
        }
    }

    /** Resumes from the name's stored position, checked against the journal. */
    private void resume(ReaderPosition stored) {
        long[] at = stored.load();
        long number = at[0];
        if (number < 0 || number > journal.currentSegment()) {
            throw stored.corrupted(stored.fieldOffset(ReaderPosition.SEGMENT), "segment=" + number + " (the journal has "
                    + journal.firstSegment() + ".." + journal.currentSegment() + ")");
        }
        if (number < journal.firstSegment()) {
            moveToFirstKept(at[2]);
            return;
        }
        if (number != segment.number()) {
            try {
                moveTo(number, 0, -1);
            } catch (SegmentGone gone) {
                moveToFirstKept(at[2]);
                return;
            }
        }
        long first = segment.firstSequence();
        long claimed = SegmentDescriptor.offset(segment.claimWord());
        if (at[1] < 0 || at[1] > claimed || (at[1] & 7) != 0) {
            throw stored.corrupted(stored.fieldOffset(ReaderPosition.OFFSET), "offset=" + at[1]
                    + " (8-aligned, at most the segment's claimed " + claimed + ")");
        }
        if (at[2] < first || at[2] - first > at[1] / RECORD_HEADER_LENGTH) {
            throw stored.corrupted(stored.fieldOffset(ReaderPosition.SEQUENCE), "next sequence=" + at[2]
                    + " (segment " + number + " starts at sequence " + first + ", offset=" + at[1] + ")");
        }
        offset = (int) at[1];
        nextSequence = at[2];
    }

    private void seekSequence(long sequence) {
        long lo = journal.firstSegment();
        long hi = journal.currentSegment();
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            try (Segment probe = open(mid)) {
                long first = probe.firstSequence();
                if (first != UNSET_SEQUENCE && first <= sequence) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
        }
        moveTo(lo, 0, -1);
        long first = segment.firstSequence();
        int claimedEntries = SegmentDescriptor.count(segment.claimWord()) / segment.indexInterval();
        long wanted = Math.max(0, sequence - first) / segment.indexInterval();
        int entry = (int) Math.min(wanted, Math.min(claimedEntries, segment.indexEntries() - 1));
        while (entry > 0 && segment.indexOffset(entry) < 0) {
            entry--;
        }
        if (entry > 0) {
            moveTo(lo, entry, segment.indexOffset(entry));
        }
    }

    private void seekTime(long time) {
        long lo = journal.firstSegment();
        long hi = journal.currentSegment();
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            try (Segment probe = open(mid)) {
                boolean before = probe.firstSequence() != UNSET_SEQUENCE && startTime(probe) < time;
                if (before) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
        }
        moveTo(lo, 0, -1);
        int entryLo = 0;
        int entryHi = Math.min(SegmentDescriptor.count(segment.claimWord()) / segment.indexInterval(),
                segment.indexEntries() - 1);
        while (entryLo < entryHi) {
            int mid = (entryLo + entryHi + 1) >>> 1;
            // an entry not written (its claimer died) sends the search to earlier entries: safe, only slower
            if (segment.indexOffset(mid) >= 0 && segment.indexTimestamp(mid) < time) {
                entryLo = mid;
            } else {
                entryHi = mid - 1;
            }
        }
        while (entryLo > 0 && segment.indexOffset(entryLo) < 0) {
            entryLo--;
        }
        if (entryLo > 0) {
            moveTo(lo, entryLo, segment.indexOffset(entryLo));
        }
    }

    /** @return the segment's first record's time when indexed, else when it became current */
    private static long startTime(Segment segment) {
        return segment.indexOffset(0) >= 0 ? segment.indexTimestamp(0) : segment.activationTime();
    }

    /**
     * Delivers up to {@code limit} records to {@code handler}, in sequence order, then
     * acknowledges them (named readers).
     *
     * @param handler receives each record, in place
     * @param limit   the most records, positive
     * @return records delivered, 0 when none is committed yet
     * @throws JournalCorruptedException naming the file and offset of an impossible value
     * @throws ChannelClosedException    if closed
     */
    public int poll(JournalHandler handler, int limit) {
        Objects.requireNonNull(handler, "handler");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        lifecycle.beginDispatch();
        try {
            lifecycle.enter();
            return dispatch(handler, limit);
        } finally {
            lifecycle.endDispatch();
        }
    }

    private int dispatch(JournalHandler handler, int limit) {
        int delivered = 0;
        boolean moved = false;
        try {
            while (delivered < limit) {
                if (truncatedFrom >= 0) {
                    if (delivered > 0) {
                        break; // the records before the gap first; the next poll reports it
                    }
                    long lost = truncatedFrom;
                    truncatedFrom = -1;
                    moved = true;
                    throw new JournalTruncatedException(journal.directory() + (name == null ? "" : " reader=" + name),
                            lost, segment.firstSequence());
                }
                long header = segment.headerAcquire(offset);
                int type = headerType(header);
                int length = headerLength(header);
                if (type == 0) {
                    if (!atUncommitted(header, length)) {
                        break;
                    }
                    moved = true;
                    continue;
                }
                int at = offset;
                checkRecord(type, length, at);
                long sequence = nextSequence;
                offset = at + recordLength(length);
                nextSequence++;
                moved = true;
                if (type == MessageFrame.PADDING_TYPE || sequence < fromSequence) {
                    continue;
                }
                long stored = segment.sequenceAt(at);
                if (stored != sequence) {
                    throw segment.corrupted(segment.fileOffset(at) + RECORD_SEQUENCE_OFFSET, "record sequence=" + stored
                            + " (expected " + sequence + " by its place)");
                }
                long timestamp = segment.timestampAt(at);
                if (timestamp < fromTime) {
                    continue;
                }
                fromTime = Long.MIN_VALUE;
                delivered++;
                handler.onRecord(sequence, timestamp, type, segment.readBuffer(), segment.fileOffset(at) + RECORD_HEADER_LENGTH,
                        length);
            }
        } finally {
            if (moved && position != null) {
                position.store(segment.number(), offset, nextSequence);
            }
        }
        return delivered;
    }

    /**
     * At a header of type 0: the end of what is claimed (and, when sealed, of the segment), or
     * a claim not committed yet, which is repaired once its claimer is dead.
     *
     * @return true when the reader moved on (next segment, or the record changed): read again
     */
    private boolean atUncommitted(long header, int length) {
        if (length > 0) {
            throw segment.corrupted(segment.fileOffset(offset), "header type=0 with length=" + length
                    + " (uncommitted headers have length 0 or an in-flight mark's negative length)");
        }
        if (!claimLookDue && ++emptyLooks < CLAIM_LOOK_INTERVAL && journal.currentSegment() == segment.number()) {
            return false;
        }
        claimLookDue = false;
        emptyLooks = 0;
        long word = segment.claimWord();
        int claimed = SegmentDescriptor.offset(word);
        if (claimed < offset) {
            throw segment.corrupted(CLAIM_OFFSET, "claim offset=" + claimed + " is behind a reader at offset=" + offset);
        }
        if (claimed == offset) {
            return SegmentDescriptor.sealed(word) && advance(word);
        }
        if (readOnly) {
            return false;
        }
        long now = System.nanoTime();
        if (stuckSegment != segment.number() || stuckOffset != offset) {
            stuckSegment = segment.number();
            stuckOffset = offset;
            stuckSince = now;
            lastCheck = now;
            return false;
        }
        if (now - lastCheck < CHECK_INTERVAL_NANOS) {
            return false;
        }
        lastCheck = now;
        return journal.repairIfAbandoned(segment, offset, header, now - stuckSince);
    }

    private void checkRecord(int type, int length, int at) {
        int room = segment.capacity() - at - RECORD_HEADER_LENGTH;
        if (type > 0 ? length < 0 || length > maxMessageLength
                : type != MessageFrame.PADDING_TYPE || length < 0 || length > room) {
            throw segment.corrupted(segment.fileOffset(at), "record type=" + type + " length=" + length
                    + " (user types are positive with length in [0, " + maxMessageLength + "], padding is type="
                    + MessageFrame.PADDING_TYPE + ")");
        }
        if (length > room) {
            throw segment.corrupted(segment.fileOffset(at), "record length=" + length + " runs past the segment's end"
                    + " (room=" + room + ")");
        }
    }

    /** Moves into the next segment once it is activated; @return true when moved */
    private boolean advance(long sealedWord) {
        long number = segment.number() + 1;
        if (!Files.exists(journal.segmentPath(number)) && number >= journal.firstSegment()) {
            return false; // not prepared yet
        }
        Segment next;
        try {
            next = open(number);
        } catch (SegmentGone gone) {
            moveToFirstKept(nextSequence);
            return true;
        } catch (SharedMemoryException e) {
            if (e.reason() == SharedMemoryException.Reason.MISSING) {
                return false;
            }
            throw e;
        }
        long first = next.firstSequence();
        if (first == UNSET_SEQUENCE) {
            next.close();
            return false;
        }
        long expected = segment.firstSequence() + SegmentDescriptor.count(sealedWord);
        if (first != expected || nextSequence != expected) {
            next.close();
            throw new JournalCorruptedException(journal.segmentPath(number), FIRST_SEQUENCE_OFFSET, "first sequence="
                    + first + " (segment " + (number - 1) + " ends before sequence " + expected + ", the reader is at "
                    + nextSequence + ")");
        }
        segment.close();
        segment = next;
        offset = 0;
        return true;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        messageHandler = Objects.requireNonNull(handler, "handler");
        try {
            return poll(adapter, limit);
        } finally {
            messageHandler = null;
        }
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        messageHandler = Objects.requireNonNull(handler, "handler");
        try {
            return poll(adapter, limit, timeout, unit);
        } finally {
            messageHandler = null;
        }
    }

    /**
     * {@link #poll(JournalHandler, int)}, waiting up to {@code timeout} for a record with the
     * journal's {@link WaitStrategy} (a read-only journal's readers back off).
     *
     * @return records delivered, 0 when the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public int poll(JournalHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = Deadline.after(timeout, unit);
        for (;;) {
            int delivered = poll(handler, limit);
            if (delivered > 0 || Deadline.expired(deadline)) {
                return delivered;
            }
            long slice = Math.min(Deadline.remaining(deadline), CHECK_INTERVAL_NANOS);
            RingWait.await(strategy, journal.signal(), readyCheck, System.nanoTime() + slice);
            claimLookDue = true;
        }
    }

    /**
     * @return true when the record at the reader's place is committed, or the segment ended and
     *         the journal rolled past it (its current-segment word is advanced after the next
     *         segment's activation, so the reader does not spin through a roll in progress)
     */
    private boolean ready() {
        if (headerType(segment.headerAcquire(offset)) != 0) {
            return true;
        }
        // the current-segment word first: the claim word only once the journal rolled past this
        // segment, whose appenders no longer claim (see CLAIM_LOOK_INTERVAL)
        if (journal.currentSegment() <= segment.number()) {
            return false;
        }
        long word = segment.claimWord();
        return SegmentDescriptor.sealed(word) && SegmentDescriptor.offset(word) == offset;
    }

    /** Signals that a segment being opened was deleted by retention (no stack: a control transfer). */
    private static final class SegmentGone extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final SegmentGone INSTANCE = new SegmentGone();

        private SegmentGone() {
            super("segment deleted by retention", null, false, false);
        }
    }

    /** @return the sequence the next record read gets (or a later one, when it is padding) */
    public long nextSequence() {
        return nextSequence;
    }

    /** @return the segment the reader is in */
    public long segment() {
        return segment.number();
    }

    /** @return the reader's name, or null for an unnamed reader */
    public String name() {
        return name;
    }

    @Override
    public String uri() {
        return journal.uri() + (name == null ? "" : "?reader=" + name);
    }

    /**
     * Frees the name (named readers) and unmaps; from any thread, as {@link EndpointLifecycle}
     * says. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** The close's work, on a thread no poll races (see {@link EndpointLifecycle}). */
    private void detach() {
        try {
            segment.close();
            if (position != null) {
                position.close();
            }
        } finally {
            journal.forget(this);
        }
    }
}
