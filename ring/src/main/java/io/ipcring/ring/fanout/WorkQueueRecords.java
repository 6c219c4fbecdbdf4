package io.ipcring.ring.fanout;

import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.DISPATCH_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.DONE_BIT;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.LENGTH_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.MESSAGES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.RECLAIM_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.RECORD_ALIGNMENT;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.RECORD_HEADER_LENGTH;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.SEQUENCE_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.STATE_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.TAIL_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.TYPE_OFFSET;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.MappedMemory;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * Reading the records of a {@link WorkQueueRing}, shared by its producers and consumers:
 * validating headers, advancing the reclaim position over done records, counting the messages in
 * the queue, and walking the unclaimed ones without taking them.
 *
 * <p>A reader that is not the owner of a record may look at it while it is being recycled (the
 * reclaim position passed it and a producer overwrote it). Every such read is validated the same
 * way: the record's bytes are read, then (after an acquire fence) the reclaim position is read
 * again; if it has passed the record, the read is discarded as stale; otherwise nothing was
 * overwritten, since producers only write below the reclaim position plus the capacity.
 */
final class WorkQueueRecords {
    private final MappedMemory memory;
    private final Path file;
    private final int capacity;
    private final long mask;
    private final int dataOffset;
    private final int maxMessageLength;
    private final int consumerSlots;

    WorkQueueRecords(MappedMemory memory, Path file, WorkQueueRingOptions options, int dataOffset) {
        this.memory = memory;
        this.file = file;
        this.capacity = options.capacity();
        this.mask = capacity - 1L;
        this.dataOffset = dataOffset;
        this.maxMessageLength = options.maxMessageLength();
        this.consumerSlots = options.consumerSlots();
    }

    /** @return the data capacity */
    int capacity() {
        return capacity;
    }

    /** @param position a position @return the absolute offset of its record */
    int offsetOf(long position) {
        return dataOffset + (int) (position & mask);
    }

    /** @return the reclaim position (volatile: pairs with the reclaimers' compare-and-set) */
    long reclaim() {
        return memory.getLongVolatile(RECLAIM_OFFSET);
    }

    /** @return the dispatch hint (volatile: pairs with the consumers' compare-and-set) */
    long dispatch() {
        return memory.getLongVolatile(DISPATCH_OFFSET);
    }

    /** @return the tail (acquire: pairs with the committers' release store; records below are complete) */
    long tail() {
        return memory.getLongAcquire(TAIL_OFFSET);
    }

    /** @return true when a record may be waiting at or after the dispatch hint; no side effect */
    boolean mayHaveWaiting() {
        return tail() > Math.max(dispatch(), reclaim());
    }

    /**
     * Validates the header of the record at {@code position}.
     *
     * @param position a record position below {@code tail}
     * @param tail     the tail read before
     * @return the record's bytes in the ring, or -1 when the header is impossible (corrupted, or
     *         a stale read: the caller tells which)
     */
    int recordBytes(long position, long tail) {
        if (position < 0 || (position & (RECORD_ALIGNMENT - 1)) != 0) {
            return -1;
        }
        int at = offsetOf(position);
        int length = memory.getInt(at + LENGTH_OFFSET);
        int type = memory.getInt(at + TYPE_OFFSET);
        long bytes;
        if (type == MessageFrame.PADDING_TYPE) {
            bytes = (long) RECORD_HEADER_LENGTH + length;
            if (length < 0 || (bytes & (RECORD_ALIGNMENT - 1)) != 0) {
                return -1;
            }
        } else {
            if (type <= 0 || length < 0 || length > maxMessageLength) {
                return -1;
            }
            bytes = WorkQueueRingDescriptor.recordLength(length);
        }
        if ((position & mask) + bytes > capacity || position + bytes > tail) {
            return -1;
        }
        return (int) bytes;
    }

    /** @param position a record position @return true when its type is padding (plain read) */
    boolean isPadding(long position) {
        return memory.getInt(offsetOf(position) + TYPE_OFFSET) == MessageFrame.PADDING_TYPE;
    }

    /**
     * @param state    a state word read at {@code position}
     * @param position the record's position
     * @return true when the word is unclaimed, done or a claim naming an existing consumer slot
     */
    boolean isValidState(long state, long position) {
        if (state < 0) {
            return WorkQueueRingDescriptor.claimSlot(state) < consumerSlots;
        }
        return state == position || state == (position | DONE_BIT);
    }

    /**
     * Moves the reclaim position over done records, one compare-and-set each.
     *
     * @return the reclaim position afterwards
     */
    long advanceReclaim() {
        while (true) {
            long reclaim = reclaim();
            long tail = tail();
            if (reclaim >= tail) {
                if (reclaim > tail) {
                    throw RingCorruption.corrupted(file, "reclaim=" + reclaim + " is beyond tail=" + tail);
                }
                return reclaim;
            }
            int at = offsetOf(reclaim);
            // acquire: pairs with the consumer's release store of "done" (its payload reads come
            // first) and with the committers' tail release (padding)
            long state = memory.getLongAcquire(at + STATE_OFFSET);
            if (state == (reclaim | DONE_BIT)) {
                int bytes = recordBytes(reclaim, tail);
                if (bytes < 0) {
                    VarHandle.acquireFence();
                    if (reclaim() != reclaim) {
                        continue; // stale: another reclaimer moved on and the record was overwritten
                    }
                    throw RingCorruption.corrupted(file, describe(reclaim, state, tail));
                }
                // CAS: pairs with the other reclaimers; a header read after recycling loses here
                memory.compareAndSetLong(RECLAIM_OFFSET, reclaim, reclaim + bytes);
                continue;
            }
            if (!isValidState(state, reclaim) && (reclaim & (RECORD_ALIGNMENT - 1)) == 0 && reclaim() == reclaim) {
                throw RingCorruption.corrupted(file, describe(reclaim, state, tail));
            }
            return reclaim;
        }
    }

    /**
     * The number of messages in the queue: committed and not yet reclaimed (waiting, being
     * handled, or done but behind one still being handled). Exact when nothing changes
     * concurrently.
     *
     * @return the count, at least 0
     */
    long size() {
        while (true) {
            // acquire: pairs with the committers' release store of the counter
            long published = memory.getLongAcquire(MESSAGES_OFFSET);
            long reclaim = reclaim();
            long tail = tail();
            if (reclaim >= tail) {
                return 0;
            }
            long before = memory.getLong(offsetOf(reclaim) + SEQUENCE_OFFSET);
            // the sequence read happens before the re-read that proves the record was not recycled
            VarHandle.acquireFence();
            if (reclaim() != reclaim) {
                continue;
            }
            if (before < 0) {
                throw RingCorruption.corrupted(file, "sequence=" + before + " at reclaim=" + reclaim + " is negative");
            }
            return Math.max(0, published - before);
        }
    }

    /**
     * The number of messages in the queue, for the commit turn of a producer: exact, since no
     * other producer commits meanwhile.
     *
     * @param published the messages committed so far
     * @param tail      the tail, which the caller holds
     * @return messages committed and not reclaimed
     */
    long sizeAtCommit(long published, long tail) {
        while (true) {
            long reclaim = reclaim();
            if (reclaim >= tail) {
                return 0;
            }
            long before = memory.getLong(offsetOf(reclaim) + SEQUENCE_OFFSET);
            VarHandle.acquireFence();
            if (reclaim() != reclaim) {
                continue;
            }
            if (before < 0 || before > published) {
                throw RingCorruption.corrupted(file, "sequence=" + before + " at reclaim=" + reclaim
                        + " is outside [0, published=" + published + "]");
            }
            return published - before;
        }
    }

    /** Receives a copy of a waiting message from {@link #forEachWaiting}. */
    @FunctionalInterface
    interface WaitingVisitor {
        /**
         * @param position the record's position, for {@link WorkQueueRing#remove}
         * @param type     the message type
         * @param payload  a fresh copy of the payload: the visitor's to keep
         */
        void visit(long position, int type, byte[] payload);
    }

    /**
     * Hands copies of the unclaimed messages, oldest first, to {@code visitor} without taking
     * them: a weakly consistent snapshot (messages taken meanwhile may or may not be included).
     *
     * @param visitor receives each message's position and a fresh copy of its payload
     * @param limit   the most messages to hand over
     * @return the number handed over
     */
    int forEachWaiting(WaitingVisitor visitor, int limit) {
        int seen = 0;
        long p = reclaim();
        long tail = Math.min(tail(), p + capacity);
        while (p < tail && seen < limit) {
            int at = offsetOf(p);
            // acquire: pairs with the release stores of the state word
            long state = memory.getLongAcquire(at + STATE_OFFSET);
            int bytes = recordBytes(p, tail);
            if (state == p && bytes > 0 && !isPadding(p)) {
                // read again after the validation: a recycled record may show another length now
                int length = memory.getInt(at + LENGTH_OFFSET);
                int type = memory.getInt(at + TYPE_OFFSET);
                if (length >= 0 && length <= maxMessageLength) {
                    byte[] copy = new byte[length];
                    memory.getBytes(at + RECORD_HEADER_LENGTH, copy, 0, length);
                    VarHandle.acquireFence();
                    // still unclaimed after the copy: not recycled, so the copy is the message
                    if (memory.getLongVolatile(at + STATE_OFFSET) == p) {
                        visitor.visit(p, type, copy);
                        seen++;
                    }
                }
            }
            VarHandle.acquireFence();
            long reclaim = reclaim();
            if (reclaim > p) {
                p = reclaim; // p was recycled while we looked: continue from what is still there
                tail = Math.min(tail(), p + capacity);
                continue;
            }
            if (bytes < 0 || !isValidState(state, p)) {
                throw RingCorruption.corrupted(file, describe(p, state, tail));
            }
            p += bytes;
        }
        return seen;
    }

    /**
     * The messages not done: waiting, or claimed by a consumer that has not finished them. Unlike
     * {@link #size()} it leaves out done records behind one not done (handled by another
     * consumer or removed). Walks every record not reclaimed; weakly consistent.
     *
     * @return the count, at least 0
     */
    long countNotDone() {
        long count = 0;
        long p = reclaim();
        long tail = Math.min(tail(), p + capacity);
        while (p < tail) {
            // acquire: pairs with the release stores of the state word
            long state = memory.getLongAcquire(offsetOf(p) + STATE_OFFSET);
            int bytes = recordBytes(p, tail);
            boolean notDone = (state == p || state < 0) && bytes > 0 && !isPadding(p);
            VarHandle.acquireFence();
            long reclaim = reclaim();
            if (reclaim > p) {
                // recycled while we looked: everything counted so far is done now; count on from
                // what is still there, up to the first tail (so the walk ends under any traffic)
                count = 0;
                p = reclaim;
                continue;
            }
            if (bytes < 0 || !isValidState(state, p)) {
                throw RingCorruption.corrupted(file, describe(p, state, tail));
            }
            count += notDone ? 1 : 0;
            p += bytes;
        }
        return count;
    }

    /**
     * @param position a record position
     * @param state    its state word as read
     * @param tail     the tail as read
     * @return a description of the record for a corruption message
     */
    String describe(long position, long state, long tail) {
        int at = offsetOf(position);
        return "record at position=" + position + " has state=0x" + Long.toHexString(state) + " length="
                + memory.getInt(at + LENGTH_OFFSET) + " type=" + memory.getInt(at + TYPE_OFFSET) + " (tail=" + tail
                + ", maxMessageLength=" + maxMessageLength + ", consumerSlots=" + consumerSlots + ")";
    }

    /** Moves the dispatch hint from {@code expected} up to {@code value}, if nobody moved it. */
    void advanceDispatch(long expected, long value) {
        if (value > expected) {
            // CAS: pairs with the other consumers' updates of the hint
            memory.compareAndSetLong(DISPATCH_OFFSET, expected, value);
        }
    }

    /** Lowers the dispatch hint to at most {@code position} (a record given back). */
    void lowerDispatch(long position) {
        while (true) {
            long dispatch = dispatch();
            if (dispatch <= position || memory.compareAndSetLong(DISPATCH_OFFSET, dispatch, position)) {
                return;
            }
        }
    }
}
