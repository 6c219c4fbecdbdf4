package io.ipcring.ring.unicast;

import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The consumer of an {@link MpscRing}. Reads each record's header with an acquire load: a
 * positive type means committed; type 0 means the record at the head is claimed but not
 * committed yet (or nothing is claimed), which ends the batch. After a batch it stores the
 * consumed position (the acknowledgement), zeroes the batch's space so the next lap reads 0
 * where nothing is written yet, and then releases the space by storing the head. A consumer that
 * dies while zeroing leaves {@code head < consumed}; the next one finishes the zeroing on attach.
 *
 * <p>The claim position is not read on the way: a poll touches the data lines and its own head
 * line only, so the producers' claim line stays in the producers' caches.
 *
 * <p>The statistics (messages, bytes) are stored every {@value #STATS_BATCHES} batches, when a
 * poll finds nothing and at close, as {@link SpscConsumer} does: two stores per batch were a
 * measurable part of a one-message poll.
 *
 * <p>Crash repair. When the record at the head stays uncommitted for
 * {@link #POLLS_BEFORE_CLAIM_CHECK} polls in a row and the claim position is past it, the
 * consumer looks every {@link #CHECK_INTERVAL_NANOS} for the producer slots whose
 * recorded claim covers the head. If none of their owners is alive (or the ring's stuck-claim
 * timeout has passed), it turns the record into padding with a compare-and-set on the header
 * (so a commit racing it wins or loses cleanly) and counts the repair. The padding's length is
 * the in-flight header's own record length when there is one (rings with a stuck-claim timeout
 * mark claims "being written"); otherwise (no mark, or the producer died between its claim CAS
 * and writing the mark) the smallest covering claim's extent, which never reaches past the
 * claim. A batch claim ({@link MpscProducer#tryClaimBatch}) is one claim to all this: its first
 * header carries the mark, with the whole batch's length, or stays 0, and the slot covers it
 * all, so the repair turns the whole batch into one padding.
 */
final class MpscConsumer implements RingConsumer, Waiter.Condition {
    /** How often a consumer stuck on one uncommitted record checks its owner. */
    static final long CHECK_INTERVAL_NANOS = 10_000_000L;
    /** Polls in a row that find the same header uncommitted before the consumer reads the claim. */
    static final int POLLS_BEFORE_CLAIM_CHECK = 1024;
    /** Batches between two stores of the statistics while polls keep finding messages. */
    static final int STATS_BATCHES = SpscConsumer.STATS_BATCHES;
    /** How long a claimed position may stay uncovered by any slot before the ring is declared corrupt. */
    static final long UNCOVERED_LIMIT_NANOS = 1_000_000_000L;

    private final RingFile file;
    private final FileWatch watch;
    private final String name;
    private final MappedMemory memory;
    private final ByteBuffer readBuffer;
    private final String uri;
    private final Consumer<AutoCloseable> onClose;
    private final int capacity;
    private final int mask;
    private final int dataOffset;
    private final int maxMessageLength;
    /** The longest in-flight mark: a record's, or a batch's ({@link RingLayout#maxClaimLength()}). */
    private final int maxClaimLength;
    private final int producerSlots;
    private final long stuckTimeoutNanos;
    private final long owner;
    private final Waiter waiter;
    private final EndpointLifecycle lifecycle;
    private final FutexSignal producerSignal;

    private long head;
    private long messages;
    private long bytes;
    /** Batches acknowledged since the statistics were last stored. */
    private int unpublishedBatches;
    private long stuckPosition = -1;
    private int stuckPolls;
    private boolean stuckTimed;
    private long stuckSince;
    private long nextCheck;

    /**
     * Attaches as the ring's consumer, resuming after the consumed position stored in the file.
     *
     * @param file     the ring file
     * @param strategy how blocking polls wait
     * @param uri      the channel URI or path reported by {@link #uri()}
     * @param onClose  told once when this consumer closes
     * @throws ChannelException       when a live consumer is attached
     * @throws RingCorruptedException when the positions in the file are inconsistent
     */
    MpscConsumer(RingFile file, WaitStrategy strategy, String uri, Consumer<AutoCloseable> onClose) {
        this.file = file;
        this.watch = file.watch();
        this.name = file.name();
        this.memory = file.memory();
        this.readBuffer = memory.buffer().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.uri = uri;
        this.onClose = onClose;
        RingLayout layout = file.layout();
        this.capacity = layout.capacity();
        this.mask = capacity - 1;
        this.dataOffset = layout.dataOffset();
        this.maxMessageLength = layout.maxMessageLength();
        this.maxClaimLength = layout.maxClaimLength();
        this.producerSlots = layout.producerSlots();
        this.stuckTimeoutNanos = layout.stuckClaimTimeoutNanos();
        this.waiter = new Waiter(strategy, Waiter.consumerSignal(memory));
        this.producerSignal = Waiter.producerSignal(memory);
        this.lifecycle = EndpointLifecycle.guarded(uri + ": consumer is closed", this::detach, waiter::wakeForClose);
        this.owner = file.acquireOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, "consumer");
        try {
            resume();
        } catch (RuntimeException e) {
            file.releaseOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, owner);
            throw e;
        }
    }

    private void resume() {
        // Acquire: pairs with the previous consumer's release stores.
        long freed = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
        long consumed = memory.getLongAcquire(RingDescriptor.CONSUMED_OFFSET);
        long claim = memory.getLongVolatile(RingDescriptor.CLAIM_OFFSET);
        if (freed < 0 || consumed < freed || consumed - freed > capacity || claim < consumed || claim - freed > capacity
                || ((freed | consumed | claim) & (MessageFrame.ALIGNMENT - 1)) != 0) {
            throw RingCorruption.corrupted(name, "positions inconsistent: head=" + freed + " consumed=" + consumed
                    + " claim=" + claim + " capacity=" + capacity
                    + " (need 0 <= head <= consumed <= claim <= head + capacity, 8-aligned)");
        }
        this.messages = memory.getLongAcquire(RingDescriptor.MESSAGES_OFFSET);
        this.bytes = memory.getLongAcquire(RingDescriptor.BYTES_OFFSET);
        if (consumed != freed) {
            Records.zeroAndFree(memory, dataOffset, capacity, freed, consumed);
        }
        this.head = consumed;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        watch.tick();
        try {
            try {
                return pollNow(handler, limit);
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int pollNow(MessageHandler handler, int limit) {
        lifecycle.beginDispatch();
        try {
            return dispatch(handler, limit);
        } finally {
            lifecycle.endDispatch();
        }
    }

    private int dispatch(MessageHandler handler, int limit) {
        lifecycle.enter();
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        long head = this.head;
        long position = head;
        int count = 0;
        long payloadBytes = 0;
        try {
            while (count < limit && position - head < capacity) {
                int index = (int) position & mask;
                int offset = dataOffset + index;
                // Acquire: pairs with the producer's release store (or CAS) of the header at
                // commit; the payload is complete.
                long header = memory.getLongAcquire(offset);
                if (Records.type(header) == 0) {
                    if (repairIfStuck(position, offset, header, head)) {
                        continue;
                    }
                    break;
                }
                int type = Records.type(header);
                int length = Records.length(header);
                // MessageFrame.alignedRecordLength, written out: poll is compiled while it mostly
                // finds nothing, when a helper's call count may still be below C2's threshold
                int recordLength = (length + MessageFrame.HEADER_LENGTH + MessageFrame.ALIGNMENT - 1) & -MessageFrame.ALIGNMENT;
                if (type < 0 || length < 0 || length > maxMessageLength || recordLength > capacity - index) {
                    // a padding (once a lap) or a corrupt word: the full check, out of line (see
                    // SpscConsumer: no call per message the JIT may leave uninlined)
                    recordLength = Records.committedLength(header, index, capacity, maxMessageLength, position, name);
                }
                if (position + recordLength - head > capacity) {
                    throw RingCorruption.corrupted(name, "record at position=" + position + ": batch from head=" + head
                            + " would pass a whole lap of " + capacity + " bytes");
                }
                position += recordLength;
                if (type > 0) {
                    count++;
                    payloadBytes += length;
                    handler.onMessage(type, readBuffer, offset + MessageFrame.HEADER_LENGTH, length);
                }
            }
        } finally {
            if (position != head) {
                acknowledge(head, position, count, payloadBytes);
            } else if (unpublishedBatches != 0) {
                publishStats();
            }
        }
        return count;
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            try {
                return watch.delivered(pollNow(handler, limit, timeout, unit));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int pollNow(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        int count = poll(handler, limit);
        long deadline = Deadline.after(timeout, unit);
        while (count == 0) {
            if (!waiter.await(this, deadline)) {
                return 0;
            }
            count = poll(handler, limit);
        }
        return count;
    }

    private void acknowledge(long head, long position, int count, long payloadBytes) {
        // Release: the batch is acknowledged; a restarted consumer resumes after it.
        memory.putLongRelease(RingDescriptor.CONSUMED_OFFSET, position);
        // The zeroing below must not be moved before the acknowledgement.
        VarHandle.storeStoreFence();
        messages += count;
        bytes += payloadBytes;
        if (++unpublishedBatches == STATS_BATCHES) {
            publishStats();
        }
        Records.zeroAndFree(memory, dataOffset, capacity, head, position);
        this.head = position;
        producerSignal.signal();
    }

    /**
     * Handles an uncommitted header at {@code position}. The claim position (the producers'
     * line, written by every claim) is read only after {@link #POLLS_BEFORE_CLAIM_CHECK} polls
     * in a row found this header uncommitted, so a consumer waiting at the producers' heels does
     * not pull their line across on every poll; once the claim is past the position, the owner
     * checks run every {@link #CHECK_INTERVAL_NANOS}, timed from then.
     *
     * @return true when the header changed (repaired) and should be read again
     */
    private boolean repairIfStuck(long position, int offset, long header, long batchHead) {
        int length = Records.length(header);
        if (length > 0) {
            throw RingCorruption.corrupted(name, "record at position=" + position + ": type=0 with length=" + length
                    + " (an uncommitted header has length 0 or a negative record length)");
        }
        int index = offset - dataOffset;
        long recordLength = -(long) length;
        if (length < 0 && (recordLength < MessageFrame.HEADER_LENGTH || recordLength > maxClaimLength
                || recordLength > capacity - index || (length & (MessageFrame.ALIGNMENT - 1)) != 0)) {
            throw RingCorruption.corrupted(name, "record at position=" + position + ": in-flight record length=" + recordLength
                    + " is unaligned, outside [" + MessageFrame.HEADER_LENGTH + ", " + maxClaimLength
                    + "] or runs past the end");
        }
        if (stuckPosition != position) {
            stuckPosition = position;
            stuckPolls = 0;
            stuckTimed = false;
            return false;
        }
        if (!stuckTimed) {
            if (++stuckPolls < POLLS_BEFORE_CLAIM_CHECK) {
                return false;
            }
            stuckPolls = 0;
            if (!claimedPast(position, batchHead)) {
                return false;
            }
            stuckTimed = true;
            stuckSince = System.nanoTime();
            nextCheck = stuckSince + CHECK_INTERVAL_NANOS;
            return false;
        }
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return false;
        }
        nextCheck = now + CHECK_INTERVAL_NANOS;
        claimedPast(position, batchHead);
        return repair(position, offset, header, now - stuckSince);
    }

    /**
     * @return true when the claim position is past {@code position}: the record there is claimed
     *         (false: nothing is claimed there yet)
     * @throws RingCorruptedException when the claim is behind the position or more than a lap
     *                                ahead of the batch's head
     */
    private boolean claimedPast(long position, long batchHead) {
        // Volatile: pairs with the producers' CAS of the claim.
        long claim = memory.getLongVolatile(RingDescriptor.CLAIM_OFFSET);
        if (claim == position) {
            return false;
        }
        if (claim < position || claim - batchHead > capacity) {
            throw RingCorruption.corrupted(name, "claim=" + claim + " is not within one lap after the consumer at "
                    + position + " (capacity=" + capacity + ")");
        }
        return true;
    }

    private boolean repair(long position, int offset, long header, long stuckFor) {
        boolean covered = false;
        boolean ownerAlive = false;
        long coverEnd = Long.MAX_VALUE;
        for (int i = 0; i < producerSlots; i++) {
            int slot = RingDescriptor.producerSlotOffset(i);
            // Acquire loads: pair with the producer's release stores before its claim CAS.
            long slotOwner = memory.getLongAcquire(slot + RingDescriptor.SLOT_OWNER_OFFSET);
            long claimed = memory.getLongAcquire(slot + RingDescriptor.SLOT_CLAIM_POSITION_OFFSET);
            int claimedLength = memory.getIntAcquire(slot + RingDescriptor.SLOT_CLAIM_LENGTH_OFFSET);
            if (claimedLength <= RingDescriptor.NO_CLAIM_LENGTH || claimed > position || position - claimed >= claimedLength) {
                continue;
            }
            covered = true;
            coverEnd = Math.min(coverEnd, claimed + claimedLength);
            ownerAlive |= ProcessIdentity.isAlive(slotOwner);
        }
        // Volatile: the header must still be what we saw, after reading the slots.
        if (memory.getLongVolatile(offset) != header) {
            return true;
        }
        if (!covered) {
            if (stuckFor >= UNCOVERED_LIMIT_NANOS) {
                throw RingCorruption.corrupted(name, "record at position=" + position + ": claimed (claim is past it) but uncommitted for "
                        + stuckFor / 1_000_000 + " ms and no producer slot covers it");
            }
            return false;
        }
        boolean timedOut = stuckTimeoutNanos > 0 && stuckFor >= stuckTimeoutNanos;
        if (ownerAlive && !timedOut) {
            return false;
        }
        int index = offset - dataOffset;
        int length = Records.length(header);
        if (length < 0 && -(long) length > coverEnd - position) {
            // a batch's mark covers the whole batch, never more than its producer's claim
            throw RingCorruption.corrupted(name, "record at position=" + position + ": in-flight length=" + -(long) length
                    + " reaches past the claim of the producer slot covering it, which ends at " + coverEnd);
        }
        int padLength = length < 0 ? -length : (int) Math.min(coverEnd - position, capacity - index);
        if ((padLength & (MessageFrame.ALIGNMENT - 1)) != 0) {
            throw RingCorruption.corrupted(name, "record at position=" + position + ": the producer slot covering it claims up to "
                    + coverEnd + ", not 8-aligned");
        }
        long padding = Records.header(padLength - MessageFrame.HEADER_LENGTH, MessageFrame.PADDING_TYPE);
        // CAS: pairs with the producer's header write or commit; whoever comes first wins.
        if (memory.compareAndSetLong(offset, header, padding)) {
            memory.getAndAddLong(ownerAlive ? RingDescriptor.TIMEOUT_REPAIRS_OFFSET
                    : RingDescriptor.DEAD_PRODUCER_REPAIRS_OFFSET, 1);
        }
        return true;
    }

    /**
     * Data check for a blocked poll (volatile loads, see {@link Waiter}): a committed header at
     * the head, or, once something is claimed there, a claim check or owner check falling due; or
     * a close, after which the next poll throws.
     */
    @Override
    public boolean ready() {
        if (lifecycle.isClosed()) {
            return true;
        }
        long header = memory.getLongVolatile(dataOffset + ((int) head & mask));
        if (Records.type(header) != 0) {
            return true;
        }
        if (memory.getLongVolatile(RingDescriptor.CLAIM_OFFSET) == head) {
            return false;
        }
        return stuckPosition != head || !stuckTimed || System.nanoTime() - nextCheck >= 0;
    }

    @Override
    public long position() {
        return head;
    }

    @Override
    public String uri() {
        return uri;
    }

    /**
     * Detaches; callable from any thread. When another thread may be inside a poll, the detach
     * is left to it (see {@link EndpointLifecycle}): its poll in progress ends normally, its next
     * throws {@link ChannelClosedException}.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** Gives the role up, unless the file was truncated under the mapping, and lets the mapping go. */
    private void detach() {
        try {
            watch.unlessTruncated(() -> {
                if (unpublishedBatches != 0) {
                    publishStats();
                }
                file.releaseOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, owner);
            });
        } finally {
            file.release();
            onClose.accept(this);
        }
    }

    private void publishStats() {
        unpublishedBatches = 0;
        // Release stores on the consumer line, which no producer reads: statistics for UnicastRingStats.
        memory.putLongRelease(RingDescriptor.MESSAGES_OFFSET, messages);
        memory.putLongRelease(RingDescriptor.BYTES_OFFSET, bytes);
    }
}
