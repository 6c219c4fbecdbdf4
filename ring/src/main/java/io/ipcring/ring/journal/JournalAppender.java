package io.ipcring.ring.journal;

import static io.ipcring.ring.journal.JournalMetaDescriptor.*;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.ring.ClaimRepairedException;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SharedMemoryException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Appends records to a {@link Journal}: zero copy ({@link #tryClaim}, write the payload into
 * {@link #buffer()}, {@link #commit} or {@link #abort}) or by copy ({@code offer}). An append
 * never waits for readers: {@code offer} returns true, or throws on a closed appender or when
 * the next segment cannot be created ({@link SharedMemoryException} {@code NO_SPACE} for a full
 * file system, at the claim that needs it, never a SIGBUS).
 *
 * <p>A claim is one compare-and-set of the segment's claim word, which gives the record its
 * sequence and its space together; before it, the appender writes the claim into its slot in
 * the meta file, so a reader that finds the record uncommitted after this process died turns
 * it into padding. Lock free: a claim fails only when another appender's succeeded.
 *
 * <p>Not a {@link io.ipcring.ring.RingProducer}: that contract gives one buffer for the
 * producer's life and batches of a quarter ring, and a journal's claims move from segment to
 * segment. {@link #buffer()} here is the pending claim's segment.
 *
 * <p>Used by one thread at a time; {@link #close()} may come from any thread (the rings'
 * {@link EndpointLifecycle} contract): a call in progress in another thread finishes, its next
 * call throws {@link ChannelClosedException}, and the pending claim's abort, the slot's release
 * and the unmap run on a thread that cannot race a call (that one, or the closer when it is
 * idle or gone). A claim left pending by a close from another thread is aborted then.
 */
public final class JournalAppender implements Publisher {
    private final Journal journal;
    private final MappedMemory meta;
    private final int slot;
    private final int maxMessageLength;
    private final int indexInterval;
    /** With a stuck-claim timeout, a reader may repair a live claim: commit and abort are a CAS then. */
    private final boolean checkedCommits;
    /** {@code sync=always}: each commit msyncs its record before it returns. */
    private final boolean syncEachCommit;
    private Segment segment;
    /** The segment's first sequence, read once it is this appender's (it never changes once set). */
    private long segmentFirst;
    /** This appender made sure the next segment's file exists. */
    private boolean nextPrepared;
    /** The pending claim's data offset, or -1. */
    private int claimOffset = -1;
    private int claimLength;
    private int claimType;
    private int claimCount;
    private long claimSequence = -1;
    private long claimTimestamp;
    /** Who may unmap, and when: see {@link EndpointLifecycle}. */
    private final EndpointLifecycle lifecycle;

    JournalAppender(Journal journal, int slot) {
        this.journal = journal;
        this.meta = journal.metaMemory();
        this.slot = slot;
        this.maxMessageLength = journal.options().maxMessageLength();
        this.indexInterval = journal.options().indexInterval();
        this.checkedCommits = journal.options().stuckClaimTimeoutNanos() > 0;
        this.syncEachCommit = journal.options().sync().mode() == JournalSync.Mode.ALWAYS;
        // an appender never sleeps on a futex: nothing to wake
        this.lifecycle = EndpointLifecycle.guarded(journal.directory() + ": the appender is closed", this::detach, () -> { });
        try {
            this.segment = journal.openSegment(journal.currentSegment());
            this.segmentFirst = segment.firstSequence();
        } catch (RuntimeException e) {
            releaseSlot();
            throw e;
        }
    }

    /**
     * Claims room for one record.
     *
     * @param length payload length, from 0 to {@link #maxMessageLength()}
     * @param type   the record's type, positive
     * @return the index in {@link #buffer()} of the payload's first byte (never negative)
     * @throws IllegalArgumentException if the length or type is out of range
     * @throws IllegalStateException    if a claim is pending
     * @throws ChannelClosedException   if closed
     * @throws SharedMemoryException    when the next segment cannot be created (full file system)
     */
    public int tryClaim(int length, int type) {
        checkOpen();
        MessageFrame.checkUserType(type);
        MessageFrame.checkUserLength(length, maxMessageLength);
        if (claimOffset >= 0) {
            throw new IllegalStateException(journal.directory() + ": a claim is pending at sequence=" + claimSequence);
        }
        claim(length, type);
        return segment.fileOffset(claimOffset) + SegmentDescriptor.RECORD_HEADER_LENGTH;
    }

    private void claim(int length, int type) {
        int recordLength = SegmentDescriptor.recordLength(length);
        long now = EpochNanos.now();
        for (;;) {
            long word = segment.claimWord();
            if (SegmentDescriptor.sealed(word)) {
                moveOn(now);
                continue;
            }
            int offset = SegmentDescriptor.offset(word);
            if (offset + recordLength > segment.capacity() || now >= segment.periodEnd()) {
                // CAS: seals the segment; pairs with the claims' CAS and the readers' loads.
                segment.casClaim(word, word | SegmentDescriptor.SEALED);
                continue;
            }
            if (!nextPrepared && offset + recordLength > segment.capacity() / 2) {
                journal.prepare(segment.number() + 1);
                nextPrepared = true;
            }
            // Release stores: the claim is in our slot before the CAS below makes it a claim,
            // so a repairer that finds the record uncommitted finds its claimer (acquire loads).
            meta.putLongRelease(slot + SLOT_SEGMENT_OFFSET, segment.number());
            meta.putLongRelease(slot + SLOT_FROM_OFFSET, word);
            meta.putIntRelease(slot + SLOT_LENGTH_OFFSET, recordLength);
            int count = SegmentDescriptor.count(word);
            if (segment.casClaim(word, SegmentDescriptor.claimWord(count + 1L, offset + recordLength))) {
                claimOffset = offset;
                claimLength = length;
                claimType = type;
                claimCount = count;
                claimSequence = segmentFirst + count;
                claimTimestamp = now;
                segment.markInFlight(offset, recordLength, claimSequence, now);
                return;
            }
        }
    }

    private void moveOn(long now) {
        Segment next = journal.roll(segment, now);
        segment.close();
        segment = next;
        segmentFirst = next.firstSequence();
        nextPrepared = false;
    }

    /**
     * The buffer the pending claim's index points into: the claim's segment, little-endian.
     * Valid until the claim's commit or abort; the next claim may be in another segment.
     *
     * @return the buffer
     */
    public ByteBuffer buffer() {
        checkOpen();
        return segment.buffer();
    }

    /** @return the pending claim's sequence, else the last claim's, or -1 before the first */
    public long claimSequence() {
        return claimSequence;
    }

    /** @return the pending or last claim's timestamp, epoch nanoseconds */
    public long claimTimestamp() {
        return claimTimestamp;
    }

    /**
     * Publishes the pending claim.
     *
     * @param index what {@link #tryClaim} returned
     * @throws IllegalStateException  if {@code index} is not the pending claim
     * @throws ClaimRepairedException if a reader repaired the claim after the stuck-claim timeout
     */
    public void commit(int index) {
        lifecycle.enter();
        settle(index, SegmentDescriptor.header(claimLength, claimType));
    }

    /**
     * Gives the pending claim up: it becomes padding, and its sequence a gap.
     *
     * @param index what {@link #tryClaim} returned
     * @throws IllegalStateException  if {@code index} is not the pending claim
     * @throws ClaimRepairedException if a reader repaired the claim after the stuck-claim timeout
     */
    public void abort(int index) {
        lifecycle.enter();
        settle(index, SegmentDescriptor.header(SegmentDescriptor.recordLength(claimLength)
                - SegmentDescriptor.RECORD_HEADER_LENGTH, MessageFrame.PADDING_TYPE));
    }

    /** Publishes the pending claim with {@code header}; the caller has entered (or is the detach). */
    private void settle(int index, long header) {
        if (claimOffset < 0 || index != segment.fileOffset(claimOffset) + SegmentDescriptor.RECORD_HEADER_LENGTH) {
            throw new IllegalStateException(journal.directory() + ": index=" + index + " is not the pending claim"
                    + (claimOffset < 0 ? " (none pending)" : " (index=" + (segment.fileOffset(claimOffset)
                    + SegmentDescriptor.RECORD_HEADER_LENGTH) + ")"));
        }
        if (claimCount % indexInterval == 0) {
            segment.writeIndex(claimCount / indexInterval, claimOffset, claimTimestamp);
        }
        int offset = claimOffset;
        claimOffset = -1;
        if (!checkedCommits) {
            segment.publish(offset, header);
        } else if (!segment.publishIfMarked(offset, SegmentDescriptor.recordLength(claimLength), header)) {
            throw new ClaimRepairedException(segment.path() + ": the claim of sequence=" + claimSequence + " at offset="
                    + segment.fileOffset(offset) + " was repaired to padding by a reader after the stuck-claim timeout ("
                    + journal.options().stuckClaimTimeoutNanos() + " ns)");
        }
        if (syncEachCommit) {
            segment.syncRecord(offset, SegmentDescriptor.recordLength(claimLength));
            meta.getAndAddLong(SYNCS_OFFSET, 1);
        }
        // After the release above: wakes sleeping readers; no fence and no system call while
        // no reader ever slept (the signal's armed flag, see FutexSignal).
        journal.signal().signal();
    }

    /** Copies a message in and commits it; allocates nothing. Never returns false. */
    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        Objects.requireNonNull(src, "src");
        MessageFrame.checkUserType(type);
        MessageFrame.checkUserLength(length, maxMessageLength);
        MessageFrame.checkUserRange(offset, length, src.limit());
        int index = tryClaim(length, type);
        segment.putBytes(index, src, offset, length);
        commit(index);
        return true;
    }

    /** Copies a message in and commits it; allocates nothing. Never returns false. */
    @Override
    public boolean offer(byte[] src, int offset, int length, int type) {
        Objects.requireNonNull(src, "src");
        MessageFrame.checkUserType(type);
        MessageFrame.checkUserLength(length, maxMessageLength);
        MessageFrame.checkUserRange(offset, length, src.length);
        int index = tryClaim(length, type);
        segment.putBytes(index, src, offset, length);
        commit(index);
        return true;
    }

    /** Never waits: an append does not depend on readers. */
    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return offer(src, offset, length, type);
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public String uri() {
        return journal.uri();
    }

    private void checkOpen() {
        lifecycle.enter();
    }

    /**
     * Aborts a pending claim, frees the slot and unmaps the segment; from another thread while
     * this appender is in use, as {@link EndpointLifecycle} says. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** The close's work, on a thread no call races (see {@link EndpointLifecycle}). */
    private void detach() {
        try {
            if (claimOffset >= 0) {
                settle(segment.fileOffset(claimOffset) + SegmentDescriptor.RECORD_HEADER_LENGTH, SegmentDescriptor.header(
                        SegmentDescriptor.recordLength(claimLength) - SegmentDescriptor.RECORD_HEADER_LENGTH,
                        MessageFrame.PADDING_TYPE));
            }
        } finally {
            segment.close();
            releaseSlot();
            journal.forget(this);
        }
    }

    private void releaseSlot() {
        // Release: no claim of ours left; then the owner word, pairing with the attach CAS.
        meta.putIntRelease(slot + SLOT_LENGTH_OFFSET, 0);
        meta.putLongRelease(slot + SLOT_OWNER_OFFSET, 0L);
    }
}
