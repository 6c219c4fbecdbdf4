package io.ipcring.ring.fanout;

import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RobustMutex;
import io.ipcring.sync.SpinBudget;
import java.nio.file.Path;
import java.util.function.LongPredicate;

/**
 * Publication by many producers, in many processes, into a ring's data region, without zeroing
 * consumed space: claim by compare-and-set, write in place, commit in claim order. Used by
 * {@link BroadcastRing} and {@link WorkQueueRing}; one instance is one producer (one thread at a
 * time).
 *
 * <h2>Algorithm</h2>
 * Positions are byte counts that only grow; {@code position & (capacity - 1)} is the index in the
 * data region. Three shared words: the <em>claim</em> counter (end of the last claim), the
 * <em>tail</em> (end of the committed records: everything below it is complete and readable) and
 * the producer slot table ({@link ProducerSlotDescriptor}).
 * <ol>
 *   <li><b>Claim.</b> Read the claim counter {@code c}; if the record does not fit before the
 *       end of the data region, the claim also covers a padding record to the end. Ask the
 *       {@link Gate} whether the readers allow writing up to the claim's end (the gate caches
 *       its answer and only re-reads the readers when the ring looks full). Store {@code c} in
 *       this producer's slot, then compare-and-set the claim counter from {@code c} to the
 *       claim's end; on failure start again.</li>
 *   <li><b>Write.</b> The caller writes the record in place; the gate's
 *       {@link Gate#beforeWrite} runs first.</li>
 *   <li><b>Commit in order.</b> Wait until tail equals the claim's start (acquire), then store
 *       tail = the claim's end (release) and clear the slot. Readers read tail with acquire and
 *       may read everything below it: records become visible in claim order, each complete.</li>
 * </ol>
 *
 * <h2>A producer that dies holding a claim</h2>
 * The tail stalls below the claim counter. Two producers notice: one waiting in its commit for
 * the tail to reach its own claim start {@code S}, and one whose claim is refused because the
 * stalled tail keeps the ring full (then {@code S} is the claim counter); both only after the tail
 * has not moved for {@link FanoutIdle#LIVENESS_CHECK_INTERVAL_NANOS}. Holding the ring's repair lock
 * (a {@link RobustMutex}; every repair takes it, so repairs never overlap), the producer re-reads the
 * tail and checks every slot whose claim start lies in {@code [tail, S)}. The winner of each claim
 * in that range wrote its slot before its compare-and-set (which precedes our read of {@code S})
 * and clears it only after committing, so every uncommitted claim in the range is named by a slot
 * we see (a slot can also name a start whose compare-and-set failed: a live such producer
 * rewrites its slot at once, a dead one is harmless). When every such slot's owner is dead
 * ({@link ProcessIdentity#isAlive(long)}), nobody else can move the tail, so we fill {@code [tail, S)}
 * with padding records (after {@link Gate#beforeWrite}), stamp them, store tail = {@code S}
 * (release) and count a repair. Slots whose owner is dead are reused only once their claim start
 * is below the tail, so a pending claim never loses its name.
 *
 * <h2>Progress</h2>
 * Claiming is lock-free (a failed compare-and-set means another producer claimed). Committing
 * waits for the producers that claimed earlier: a slow live producer delays the ones behind it
 * (blocking, like every in-order commit), a dead one delays them by about
 * {@link FanoutIdle#LIVENESS_CHECK_INTERVAL_NANOS} plus the liveness check.
 *
 * <h2>Never trusting the file</h2>
 * A claim counter behind the tail or more than one capacity ahead of it, a misaligned claim, a
 * tail beyond a producer's own claim, or uncommitted positions named by no slot throw
 * {@link RingCorruptedException} (through {@code RingCorruption}).
 */
final class OrderedPublication {
    /** Returned by {@link #claim} when the readers do not allow the space. */
    static final long FULL = -1;
    private static final long NONE = ProducerSlotDescriptor.NO_CLAIM_START;
    /** Reads of the claim counter, the tail and the counter again before a moving counter is taken for a live ring. */
    private static final int CONSISTENT_READ_ATTEMPTS = 100;

    /** The reader side: what producers must not overwrite. */
    interface Gate {
        /**
         * Whether producers may write positions below {@code needed + capacity}, i.e. every
         * reader has finished with positions below {@code needed}. May use a cached answer and
         * may release stalled readers.
         *
         * @param needed the lowest position the claim would overwrite
         * @return true when allowed
         */
        boolean admits(long needed);

        /**
         * Like {@link #admits} from a fresh read, with no side effect: for wait conditions.
         *
         * @param needed the lowest position the claim would overwrite
         * @return true when allowed now
         */
        boolean wouldAdmit(long needed);

        /**
         * Runs after a claim {@code [start, end)} is won, or before a repair fills it, and before
         * anything is written there; may wait until the readers allow it.
         *
         * @param start first position of the range
         * @param end   position after the range
         */
        void beforeWrite(long start, long end);
    }

    /** How the ring frames its records. */
    interface RecordFormat {
        /** @return the record alignment in bytes, a power of two; every record length is a multiple */
        int alignment();

        /**
         * Writes a padding record.
         *
         * @param offset   absolute offset of the record in the mapping
         * @param position its position
         * @param bytes    its whole length, a multiple of {@link #alignment()}
         */
        void writePadding(int offset, long position, int bytes);

        /**
         * Called in the commit section for each record of a claim, before it is published.
         *
         * @param offset         absolute offset of the record in the mapping
         * @param messagesBefore the number of messages committed before it
         */
        void stamp(int offset, long messagesBefore);
    }

    /**
     * Where the publication's words are.
     *
     * @param claimOffset     the claim counter (long)
     * @param tailOffset      the tail (long)
     * @param messagesOffset  the committed-messages statistic (long), written in the commit section
     * @param bytesOffset     the committed-payload-bytes statistic (long)
     * @param repairsOffset   the dead-producer-repairs statistic (long)
     * @param repairLockOffset the repair lock ({@link RobustMutex#LENGTH} bytes)
     * @param slotsOffset     the first producer slot
     * @param slotCount       the number of producer slots
     * @param dataOffset      the data region
     * @param capacity        the data region's length, a power of two
     */
    record Layout(int claimOffset, int tailOffset, int messagesOffset, int bytesOffset, int repairsOffset,
                  int repairLockOffset, int slotsOffset, int slotCount, int dataOffset, int capacity) {
    }

    private final MappedMemory memory;
    private final Path file;
    private final Layout layout;
    private final long mask;
    private final Gate gate;
    private final RecordFormat format;
    private final LongPredicate admission;
    private final FutexSignal notEmpty;
    private final int slot;
    private final int slotOffset;
    private final long me;
    private final RobustMutex repairLock;
    private long stalledTail = -1;
    private long stalledSince;

    private long claimStart = NONE;
    private long claimEnd = NONE;
    private long recordPosition = NONE;

    /**
     * Takes a producer slot: a free one, or one whose owner died with no claim pending.
     *
     * @param memory    the ring's mapping
     * @param file      the ring's file, for messages
     * @param layout    where the words are
     * @param gate      the reader side
     * @param format    the record framing
     * @param admission decides in the commit section, from the number of messages committed so
     *                  far, whether the message may be published (a message-count bound); a
     *                  refused record becomes padding
     * @param notEmpty  signalled after each commit
     * @throws RingSlotsTakenException when every slot is held by a running process
     */
    OrderedPublication(MappedMemory memory, Path file, Layout layout, Gate gate, RecordFormat format,
                       LongPredicate admission, FutexSignal notEmpty) {
        this.memory = memory;
        this.file = file;
        this.layout = layout;
        this.mask = layout.capacity() - 1L;
        this.gate = gate;
        this.format = format;
        this.admission = admission;
        this.notEmpty = notEmpty;
        this.me = ProcessIdentity.current().pack();
        this.repairLock = RobustMutex.attach(memory, layout.repairLockOffset());
        this.slot = acquireSlot();
        this.slotOffset = slotOffset(slot);
    }

    /** @return the index of this producer's slot */
    int slot() {
        return slot;
    }

    /**
     * Claims room for one record.
     *
     * @param recordBytes the record's whole length, a multiple of the alignment, at most an
     *                    eighth of the capacity
     * @return the record's position (write it at {@link #offsetOf}), or {@link #FULL}
     */
    long claim(int recordBytes) {
        if (claimEnd != NONE) {
            throw new IllegalStateException("the previous claim is still open");
        }
        int capacity = layout.capacity();
        while (true) {
            // volatile: pairs with the claim compare-and-set of other producers
            long c = memory.getLongVolatile(layout.claimOffset());
            if ((c & (format.alignment() - 1)) != 0 || c < 0) {
                throw RingCorruption.corrupted(file, "claim=" + c + " is not a non-negative multiple of alignment="
                        + format.alignment());
            }
            int toEnd = capacity - (int) (c & mask);
            long recordStart = recordBytes <= toEnd ? c : c + toEnd;
            long end = recordStart + recordBytes;
            if (!gate.admits(end - capacity)) {
                checkClaimAgainstTail();
                // release: after a failed compare-and-set the slot may still name an old start
                memory.putLongRelease(slotOffset + ProducerSlotDescriptor.CLAIM_START_OFFSET, NONE);
                repairIfStalled();
                return FULL;
            }
            // release, then the compare-and-set (a volatile write, which no earlier store passes):
            // pairs with the volatile slot scan in repairIfDead(), which runs after a claim read
            // that saw this compare-and-set, so the slot names c before c can be seen as claimed
            memory.putLongRelease(slotOffset + ProducerSlotDescriptor.CLAIM_START_OFFSET, c);
            // CAS: the claim itself, ordered with every other producer's claim
            if (memory.compareAndSetLong(layout.claimOffset(), c, end)) {
                claimStart = c;
                claimEnd = end;
                recordPosition = recordStart;
                gate.beforeWrite(c, end);
                if (recordStart != c) {
                    format.writePadding(offsetOf(c), c, toEnd);
                }
                return recordStart;
            }
        }
    }

    /**
     * Whether a record of this length would fit now; a fresh read with no side effect, for wait
     * conditions.
     *
     * @param recordBytes the record's whole length
     * @return true when a claim would likely succeed
     */
    boolean hasRoom(int recordBytes) {
        int capacity = layout.capacity();
        // volatile: pairs with the claim compare-and-set of producers
        long c = memory.getLongVolatile(layout.claimOffset());
        int toEnd = capacity - (int) (c & mask);
        long end = (recordBytes <= toEnd ? c : c + toEnd) + recordBytes;
        return gate.wouldAdmit(end - capacity);
    }

    /**
     * @param position a position in the ring
     * @return the absolute offset of its byte in the mapping
     */
    int offsetOf(long position) {
        return layout.dataOffset() + (int) (position & mask);
    }

    /**
     * Publishes the open claim: waits for the producers that claimed before, then moves the
     * tail past this claim.
     *
     * @param payloadLength the payload bytes, for the statistics
     * @param publish       false to publish the claim as padding (abort)
     * @return true when published as a message; false when aborted or refused by the admission
     */
    boolean commit(int payloadLength, boolean publish) {
        if (claimEnd == NONE) {
            throw new IllegalStateException("no open claim");
        }
        boolean admitted;
        try {
            awaitTurn(claimStart);
            // plain: only the producer whose turn it is writes the statistics; the tail hand-over
            // (release store, acquire load) orders the writers one after another
            long messages = memory.getLong(layout.messagesOffset());
            admitted = publish && (admission == null || admission.test(messages));
            if (recordPosition != claimStart) {
                format.stamp(offsetOf(claimStart), messages);
            }
            if (!admitted) {
                format.writePadding(offsetOf(recordPosition), recordPosition, (int) (claimEnd - recordPosition));
            }
            format.stamp(offsetOf(recordPosition), messages);
            if (admitted) {
                // release: pairs with the acquire reads of the statistics (size, stats)
                memory.putLongRelease(layout.messagesOffset(), messages + 1);
                memory.putLongRelease(layout.bytesOffset(), memory.getLong(layout.bytesOffset()) + payloadLength);
            }
            // release: pairs with the readers' acquire load of the tail and with the next
            // committer's acquire load in awaitTurn(): the records and counters written above are
            // visible to whoever sees the new tail
            memory.putLongRelease(layout.tailOffset(), claimEnd);
        } finally {
            // release, after the tail store: a slot never looks empty while its claim is uncommitted
            memory.putLongRelease(slotOffset + ProducerSlotDescriptor.CLAIM_START_OFFSET, NONE);
            claimStart = NONE;
            claimEnd = NONE;
            recordPosition = NONE;
        }
        notEmpty.signal();
        return admitted;
    }

    /** @return true while a claim is open (between {@link #claim} and {@link #commit}) */
    boolean hasOpenClaim() {
        return claimEnd != NONE;
    }

    /** Gives the slot back; an open claim is committed as padding first. */
    void close() {
        if (claimEnd != NONE) {
            commit(0, false);
        }
        memory.putLongRelease(slotOffset + ProducerSlotDescriptor.CLAIM_START_OFFSET, NONE);
        // CAS: pairs with acquireSlot() of a later producer
        memory.compareAndSetLong(slotOffset + ProducerSlotDescriptor.OWNER_OFFSET, me, ProcessIdentity.NONE);
    }

    private void awaitTurn(long start) {
        long since = 0;
        long lastCheck = 0;
        for (int attempt = 0; ; attempt++) {
            // acquire: pairs with the release store of the tail by the previous committer or repairer
            long tail = memory.getLongAcquire(layout.tailOffset());
            if (tail == start) {
                return;
            }
            if (tail > start || start - tail > layout.capacity()) {
                throw RingCorruption.corrupted(file, "tail=" + tail + " while this producer's claim starts at "
                        + start + ": the tail must be below it by at most capacity=" + layout.capacity());
            }
            if (attempt == 0) {
                since = System.nanoTime();
                lastCheck = since;
            } else if (attempt % SpinBudget.CLOCK_INTERVAL == 0) {
                long now = System.nanoTime();
                if (now - lastCheck >= FanoutIdle.LIVENESS_CHECK_INTERVAL_NANOS) {
                    lastCheck = now;
                    repairIfDead(tail, start);
                }
            }
            Deadline.backoff(since, attempt, Deadline.MAX_PARK_NANOS);
        }
    }

    /**
     * A full ring whose tail has not moved for a liveness interval while claims are pending: the
     * claims at the tail may belong to dead producers with no live producer behind them to
     * repair them.
     */
    private void repairIfStalled() {
        // acquire: pairs with the committers' release store of the tail
        long tail = memory.getLongAcquire(layout.tailOffset());
        // volatile: pairs with the producers' claim compare-and-set
        long claim = memory.getLongVolatile(layout.claimOffset());
        long now = System.nanoTime();
        if (tail == claim || tail != stalledTail) {
            stalledTail = tail;
            stalledSince = now;
        } else if (now - stalledSince >= FanoutIdle.LIVENESS_CHECK_INTERVAL_NANOS) {
            stalledSince = now;
            repairIfDead(tail, claim);
        }
    }

    /**
     * Fills {@code [tail, end)} with padding and moves the tail to {@code end} when every producer
     * holding a claim there is dead. Runs under the repair lock; does nothing when another process
     * holds it, the tail moved, or a live producer holds a claim in the range.
     */
    private void repairIfDead(long tail, long end) {
        if (!tryLockRepair()) {
            return;
        }
        try {
            // acquire: pairs with the committers' release store; if the tail moved, someone committed
            if (memory.getLongAcquire(layout.tailOffset()) != tail) {
                return;
            }
            boolean named = false;
            for (int i = 0; i < layout.slotCount(); i++) {
                if (i == slot) {
                    continue;
                }
                int base = slotOffset(i);
                // volatile: pairs with the release store of the claim start before each claim CAS
                long s = memory.getLongVolatile(base + ProducerSlotDescriptor.CLAIM_START_OFFSET);
                if (s < tail || s >= end) {
                    continue;
                }
                named = true;
                if (ProcessIdentity.isAlive(memory.getLongVolatile(base + ProducerSlotDescriptor.OWNER_OFFSET))) {
                    return;
                }
            }
            if (memory.getLongAcquire(layout.tailOffset()) != tail) {
                return;
            }
            if (!named) {
                throw RingCorruption.corrupted(file, "positions [" + tail + ", " + end
                        + ") are claimed but no producer slot names a claim there");
            }
            gate.beforeWrite(tail, end);
            // plain: with every claim before `end` dead and the repair lock held, we hold the commit turn
            long messages = memory.getLong(layout.messagesOffset());
            for (long p = tail; p < end; ) {
                int chunk = (int) Math.min(end - p, layout.capacity() - (p & mask));
                format.writePadding(offsetOf(p), p, chunk);
                format.stamp(offsetOf(p), messages);
                p += chunk;
            }
            memory.putLongRelease(layout.repairsOffset(), memory.getLong(layout.repairsOffset()) + 1);
            // release: pairs with the readers' acquire load of the tail: the padding is visible first
            memory.putLongRelease(layout.tailOffset(), end);
        } finally {
            repairLock.unlock();
        }
        notEmpty.signal();
    }

    /**
     * Takes the repair lock if that is possible at once, from a dead holder too: a repair cut
     * short by its holder's death left the tail where it was (it moves only as the repair's last
     * store), so the next repair starts over.
     *
     * @return whether this thread now holds it
     * @throws RingCorruptedException when its lock word names no process
     */
    private boolean tryLockRepair() {
        try {
            return repairLock.tryLock().isAcquired();
        } catch (IllegalStateException e) {
            throw RingCorruption.corrupted(file, "repair lock: " + e.getMessage());
        }
    }

    /**
     * Checks that the claim counter is ahead of the tail by at most the capacity, from a claim
     * value that did not change around the tail read (a claim made meanwhile would make a stale
     * pair look impossible); a claim counter that keeps moving is a live ring and is not checked.
     */
    private void checkClaimAgainstTail() {
        for (int attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
            // volatile: pairs with the producers' claim compare-and-set
            long before = memory.getLongVolatile(layout.claimOffset());
            // acquire: pairs with the committers' release store of the tail
            long tail = memory.getLongAcquire(layout.tailOffset());
            long claim = memory.getLongVolatile(layout.claimOffset());
            if (claim == before) {
                if (claim < tail || claim - tail > layout.capacity()) {
                    throw RingCorruption.corrupted(file, "claim=" + claim + " tail=" + tail
                            + ": the claim counter must be ahead of the tail by at most capacity=" + layout.capacity());
                }
                return;
            }
        }
    }

    private int acquireSlot() {
        for (int i = 0; i < layout.slotCount(); i++) {
            int base = slotOffset(i);
            // CAS: pairs with other producers taking or giving back slots
            if (memory.getLongVolatile(base + ProducerSlotDescriptor.OWNER_OFFSET) == ProcessIdentity.NONE
                    && memory.compareAndSetLong(base + ProducerSlotDescriptor.OWNER_OFFSET, ProcessIdentity.NONE, me)) {
                memory.putLongVolatile(base + ProducerSlotDescriptor.CLAIM_START_OFFSET, NONE);
                return i;
            }
        }
        // acquire: pairs with the committers' release store of the tail
        long tail = memory.getLongAcquire(layout.tailOffset());
        for (int i = 0; i < layout.slotCount(); i++) {
            int base = slotOffset(i);
            long owner = memory.getLongVolatile(base + ProducerSlotDescriptor.OWNER_OFFSET);
            long start = memory.getLongVolatile(base + ProducerSlotDescriptor.CLAIM_START_OFFSET);
            boolean noPendingClaim = start == NONE || start < tail;
            if (owner != ProcessIdentity.NONE && noPendingClaim && !ProcessIdentity.isAlive(owner)
                    && memory.compareAndSetLong(base + ProducerSlotDescriptor.OWNER_OFFSET, owner, me)) {
                memory.putLongVolatile(base + ProducerSlotDescriptor.CLAIM_START_OFFSET, NONE);
                return i;
            }
        }
        throw new RingSlotsTakenException(file + ": all producerSlots=" + layout.slotCount()
                + " are held by running processes (or by a dead producer whose claim is not repaired yet)");
    }

    private int slotOffset(int index) {
        return layout.slotsOffset() + index * ProducerSlotDescriptor.LENGTH;
    }
}
