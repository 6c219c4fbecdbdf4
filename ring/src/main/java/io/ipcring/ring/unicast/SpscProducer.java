package io.ipcring.ring.unicast;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The producer of an {@link SpscRing}. Wait-free: a claim reserves space the consumer has freed
 * (and zeroed), the payload goes in place, and a commit publishes the record with one release
 * store of its header word, in the data line the consumer reads; the word after the record is
 * still 0 from the consumer's zeroing, so the consumer stops there until the next commit. The
 * tail is then stored for a restarted producer, the consumer's once-per-lap check and
 * inspectors; the consumer does not wait on it. The consumer's head is read (acquire) only when
 * the ring looks full from a cached copy, so the steady state touches the consumer's line only
 * once per lap.
 *
 * <p>When a record does not fit before the end of the data region, a padding record fills the
 * rest and the record starts at index 0; the commit releases the record's header first and the
 * padding's last, so the consumer (which reads the padding first) finds both. An abort zeroes
 * the record's space again (the caller may have written payload there, which must not be read
 * as a header once shorter records follow); nothing was published. A commit that finds the
 * header word in front of its claim overwritten by its user gives the claim up the same way.
 *
 * <p>The tail in the file is stored lazily: once the producer is {@link RingLayout#tailStride()}
 * bytes past the stored value, when a claim finds the ring full (so a full or idle-after-full
 * ring shows its exact tail) and at close. Nothing waits on it; a store per commit cost a
 * VarHandle store in the hot path and measurably slowed the stream between two processes.
 *
 * <p>Attach: a producer that died left committed records beyond the stored tail (less than a
 * stride it had not stored yet, plus a padding and a record committed just before it died:
 * {@link RingLayout#pastTailLimit()} bytes), perhaps consumed already; a new producer walks
 * over them from the later of the stored tail and the consumed position. One that died between
 * claim and commit may have left payload bytes beyond its last record; a new producer zeroes
 * the space a claim can cover before it writes anything.
 *
 * <p>Batches: one reservation covers all the batch's records (after the wrap padding, never
 * across the wrap); the commit stores the headers of records 1..N-1 with plain stores and then
 * publishes the first record's header with the same release store as a single commit, so the
 * consumer, which reads the records in order and stops at a zero word, reaches none of them
 * before the first header, and its acquire of that header makes the others visible.
 */
final class SpscProducer implements RingProducer, Waiter.Condition {
    private final RingFile file;
    private final FileWatch watch;
    private final String name;
    private final MappedMemory memory;
    private final ByteBuffer buffer;
    private final String uri;
    private final Consumer<AutoCloseable> onClose;
    private final int capacity;
    private final int mask;
    private final int dataOffset;
    private final int maxMessageLength;
    private final long owner;
    private final int tailStride;
    private final long pastTailLimit;
    private final Waiter waiter;
    private final FutexSignal consumerSignal;
    private final EndpointLifecycle lifecycle;

    private long tail;
    /** The tail last stored in the file. */
    private long storedTail;
    private long cachedHead;
    private int pendingIndex = NO_CLAIM;
    private long pendingTail;
    private long pendingHeader;
    private int pendingRecordLength;
    private int waitLength;
    /** Records in the pending batch claim; 0 while the pending claim (if any) is a single one. */
    private int pendingCount;
    private final int maxBatchLength;

    /**
     * Attaches as the ring's producer.
     *
     * @param file     the ring file
     * @param strategy how blocking calls wait
     * @param uri      the channel URI or path reported by {@link #uri()}
     * @param onClose  told once when this producer closes
     * @throws ChannelException       when a live producer is attached
     * @throws RingCorruptedException when the positions in the file are inconsistent
     */
    SpscProducer(RingFile file, WaitStrategy strategy, String uri, Consumer<AutoCloseable> onClose) {
        this.file = file;
        this.watch = file.watch();
        this.name = file.name();
        this.memory = file.memory();
        this.buffer = memory.buffer();
        this.uri = uri;
        this.onClose = onClose;
        RingLayout layout = file.layout();
        this.capacity = layout.capacity();
        this.mask = capacity - 1;
        this.dataOffset = layout.dataOffset();
        this.maxMessageLength = layout.maxMessageLength();
        this.tailStride = layout.tailStride();
        this.pastTailLimit = layout.pastTailLimit();
        this.maxBatchLength = layout.maxBatchLength();
        this.waiter = new Waiter(strategy, Waiter.producerSignal(memory));
        this.consumerSignal = Waiter.consumerSignal(memory);
        this.lifecycle = EndpointLifecycle.guarded(uri + ": producer is closed", this::detach, waiter::wakeForClose);
        this.owner = file.acquireOwner(RingDescriptor.PRODUCER_OWNER_OFFSET, "producer");
        try {
            // Acquire: pairs with the release stores of a previous producer and of the consumer.
            this.tail = memory.getLongAcquire(RingDescriptor.TAIL_OFFSET);
            this.cachedHead = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
            checkAttachPositions();
            long stored = tail;
            this.tail = resumePosition(stored);
            checkPositions(cachedHead);
            // The leftovers of a claim a dead producer never committed: a claim covers less than
            // two largest records or batches (padding and records), all of it free space.
            Records.zero(memory, dataOffset, capacity, tail, Math.min(tail + 2L * layout.maxClaimLength(),
                    cachedHead + capacity));
            this.storedTail = stored;
            storeTail();
        } catch (RuntimeException e) {
            file.releaseOwner(RingDescriptor.PRODUCER_OWNER_OFFSET, owner);
            throw e;
        }
    }

    @Override
    public int tryClaim(int length, int type) {
        watch.tick();
        try {
            try {
                return watch.claimed(tryClaimNow(length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimNow(int length, int type) {
        checkOpen();
        if (pendingIndex != NO_CLAIM) {
            throw new IllegalStateException(name + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it first");
        }
        int header = claim(length, type);
        if (header == NO_CLAIM) {
            return NO_CLAIM;
        }
        pendingIndex = header + MessageFrame.HEADER_LENGTH;
        return pendingIndex;
    }

    @Override
    public int tryClaim(int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            try {
                return watch.claimed(tryClaimNow(length, type, timeout, unit));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimNow(int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        int index = tryClaim(length, type);
        long deadline = Deadline.after(timeout, unit);
        while (index == NO_CLAIM) {
            waitLength = length;
            if (!waiter.await(this, deadline)) {
                return NO_CLAIM;
            }
            index = tryClaim(length, type);
        }
        return index;
    }

    @Override
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public void commit(int index) {
        watch.tick();
        try {
            try {
                commitNow(index);
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private void commitNow(int index) {
        checkPending(index);
        pendingIndex = NO_CLAIM;
        int header = index - MessageFrame.HEADER_LENGTH;
        // Plain: between claim and commit nothing but this producer (and its user's writes)
        // changes the word: the consumer zeroed it before the head this claim was checked against.
        long found = memory.getLong(header);
        if (found != 0) {
            throw overwritten(header, found);
        }
        publish(header);
    }

    @Override
    public void abort(int index) {
        watch.tick();
        try {
            try {
                abortNow(index);
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private void abortNow(int index) {
        checkPending(index);
        abortPending();
    }

    private void abortPending() {
        pendingIndex = NO_CLAIM;
        zeroPending();
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerNow(src, offset, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerNow(ByteBuffer src, int offset, int length, int type) {
        checkOffer(offset, length, type, Objects.requireNonNull(src, "src").limit());
        int header = claim(length, type);
        if (header == NO_CLAIM) {
            return false;
        }
        try {
            memory.putBytes(header + MessageFrame.HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            zeroPending();
            throw e;
        }
        publish(header);
        return true;
    }

    @Override
    public boolean offer(byte[] src, int offset, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerNow(src, offset, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerNow(byte[] src, int offset, int length, int type) {
        checkOffer(offset, length, type, Objects.requireNonNull(src, "src").length);
        int header = claim(length, type);
        if (header == NO_CLAIM) {
            return false;
        }
        try {
            memory.putBytes(header + MessageFrame.HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            zeroPending();
            throw e;
        }
        publish(header);
        return true;
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        try {
            try {
                return watch.succeeded(offerNow(src, offset, length, type, timeout, unit));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerNow(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = Deadline.after(timeout, unit);
        while (!offer(src, offset, length, type)) {
            waitLength = length;
            if (!waiter.await(this, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reserves room for a record (and the padding before it at the wrap).
     *
     * @return the record header's index in the mapping, or {@link #NO_CLAIM} when full; sets
     *         {@link #pendingTail}, {@link #pendingHeader} and {@link #pendingRecordLength}
     */
    private int claim(int length, int type) {
        MessageFrame.checkUserLength(length, maxMessageLength);
        MessageFrame.checkUserType(type);
        int header = reserve(MessageFrame.alignedRecordLength(length));
        if (header != NO_CLAIM) {
            pendingHeader = Records.header(length, type);
        }
        return header;
    }

    private boolean refreshHead(long tail, int required) {
        // Acquire: pairs with the consumer's release store of head; it has finished reading the
        // space we are about to overwrite.
        long head = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
        checkPositions(head);
        cachedHead = head;
        return tail + required - head <= capacity;
    }

    /**
     * Publishes the pending record whose header is at {@code header}: its header word, then the
     * padding before it at the wrap, then the tail.
     */
    private void publish(int header) {
        // Release: pairs with the consumer's acquire load of this header; the payload is written
        // first.
        memory.putLongRelease(header, pendingHeader);
        int tailIndex = (int) tail & mask;
        if (header != dataOffset + tailIndex) {
            // Release: pairs with the consumer's acquire load of the padding, which it reads
            // before the record at index 0; that record's header is stored above.
            memory.putLongRelease(dataOffset + tailIndex, Records.header(capacity - tailIndex - MessageFrame.HEADER_LENGTH,
                    MessageFrame.PADDING_TYPE));
        }
        tail = pendingTail;
        if (tail - storedTail >= tailStride) {
            storeTail();
        }
        consumerSignal.signal();
    }

    /**
     * Gives the pending claim up: its space is zero again, as the consumer left it. Plain: nothing
     * was published; the zeroes are written before any later claim's commit (a release store) can
     * make a boundary inside the space visible. The caller may have written payload there, which
     * must not be read as a header once shorter records follow.
     */
    private void zeroPending() {
        Records.zero(memory, dataOffset, capacity, pendingTail - pendingRecordLength, pendingTail);
    }

    /**
     * A commit found the header word in front of its claim overwritten: the claim is given up
     * unless the consumer has read the word as a record already.
     */
    private IllegalStateException overwritten(int header, long found) {
        // Acquire: pairs with the consumer's release store of head.
        boolean passed = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET) > pendingTail - pendingRecordLength;
        if (!passed) {
            zeroPending();
        }
        return Records.headerOverwritten(name, header, 0, found, passed);
    }

    /** Stores the tail in the file if it moved since the last store. */
    private void storeTail() {
        if (tail != storedTail) {
            // Release: pairs with the acquire loads of a restarted producer, of the consumer's
            // lap check and of inspectors; the records are published by their headers already.
            memory.putLongRelease(RingDescriptor.TAIL_OFFSET, tail);
            storedTail = tail;
        }
    }

    /**
     * Where to resume: after the records a producer that died left committed past the stored
     * tail (at most {@link RingLayout#pastTailLimit()} bytes), which the consumer may have
     * consumed (and zeroed) already, so the walk starts at the later of the stored tail and the
     * consumed position, and starts again if the consumer passed it meanwhile (each time it has
     * consumed at least one more of those records, so the walks are bounded too).
     *
     * @return the position after them, where the header word reads 0
     */
    private long resumePosition(long fileTail) {
        long position = skipCommitted(fileTail, fileTail);
        for (long attempt = 0; attempt <= pastTailLimit / MessageFrame.ALIGNMENT; attempt++) {
            // Acquire: pairs with the consumer's release store of its acknowledgement.
            long consumed = memory.getLongAcquire(RingDescriptor.CONSUMED_OFFSET);
            if (consumed <= position) {
                return position;
            }
            if (consumed - fileTail > pastTailLimit || (consumed & (MessageFrame.ALIGNMENT - 1)) != 0) {
                throw RingCorruption.corrupted(name, "positions inconsistent: consumed=" + consumed + " tail=" + fileTail
                        + " (need consumed <= tail + " + pastTailLimit + ", 8-aligned)");
            }
            position = skipCommitted(consumed, fileTail);
        }
        throw RingCorruption.corrupted(name, "the consumed position keeps passing the committed records after the tail="
                + fileTail);
    }

    /**
     * Walks over committed records from {@code from}, to at most {@link #pastTailLimit} past the
     * stored tail, and never past a lap after the freed position read on attach: no producer
     * claimed beyond it (the head only grows), and the word there may be a consumed record the
     * consumer has not zeroed yet (it frees in strides), not a new one.
     */
    private long skipCommitted(long from, long fileTail) {
        long position = from;
        long lapEnd = cachedHead + capacity;
        while (position < lapEnd) {
            int index = (int) position & mask;
            // Acquire: pairs with the dead producer's release store of the header.
            long header = memory.getLongAcquire(dataOffset + index);
            if (header == 0) {
                return position;
            }
            position += Records.committedLength(header, index, capacity, maxMessageLength, position, name);
            if (position - fileTail > pastTailLimit) {
                throw RingCorruption.corrupted(name, "committed records reach " + (position - fileTail)
                        + " bytes past the tail=" + fileTail + " (a producer stores its tail at least every "
                        + tailStride + " bytes: at most " + pastTailLimit + " with the records of one that died)");
            }
        }
        if (position > lapEnd) {
            throw RingCorruption.corrupted(name, "committed records reach position=" + position + ", past a lap after head="
                    + cachedHead + " (capacity=" + capacity + ")");
        }
        return position;
    }

    private void checkPositions(long head) {
        if (head > tail || tail - head > capacity || (head & (MessageFrame.ALIGNMENT - 1)) != 0
                || (tail & (MessageFrame.ALIGNMENT - 1)) != 0 || head < 0) {
            throw RingCorruption.corrupted(name, "positions inconsistent: head=" + head + " tail=" + tail
                    + " capacity=" + capacity + " (need 0 <= head <= tail <= head + capacity, 8-aligned)");
        }
    }

    /**
     * The stored positions before the walk over records past the tail: aligned, and the tail
     * within a lap of the head; the head may be ahead of the stored tail by what the walk
     * will skip.
     */
    private void checkAttachPositions() {
        if (cachedHead < 0 || tail < 0 || ((cachedHead | tail) & (MessageFrame.ALIGNMENT - 1)) != 0
                || tail - cachedHead > capacity || cachedHead - tail > pastTailLimit) {
            throw RingCorruption.corrupted(name, "positions inconsistent: head=" + cachedHead + " tail=" + tail
                    + " capacity=" + capacity + " (need 0 <= head <= tail + " + pastTailLimit
                    + ", tail <= head + capacity, 8-aligned)");
        }
    }

    /**
     * Room check for a blocked claim; volatile load of head (see {@link Waiter}). A close ends
     * the wait too: the next claim throws.
     */
    @Override
    public boolean ready() {
        if (lifecycle.isClosed()) {
            return true;
        }
        long head = memory.getLongVolatile(RingDescriptor.HEAD_OFFSET);
        int recordLength = MessageFrame.alignedRecordLength(waitLength);
        int toEnd = capacity - ((int) tail & mask);
        int required = recordLength <= toEnd ? recordLength : toEnd + recordLength;
        return tail + required - head <= capacity || head > tail;
    }

    private void checkPending(int index) {
        checkOpen();
        if (pendingIndex == NO_CLAIM || index != pendingIndex) {
            throw new IllegalStateException(name + ": index=" + index + " is not the pending claim ("
                    + (pendingIndex == NO_CLAIM ? "none pending" : "pending index=" + pendingIndex) + ")");
        }
        if (pendingCount != 0) {
            throw new IllegalStateException(name + ": index=" + index + " is a batch claim of count=" + pendingCount
                    + "; commitBatch or abortBatch it");
        }
    }

    /** Checks everything an offer is given, before anything shared is touched. */
    private void checkOffer(int offset, int length, int type, int sourceLength) {
        checkOpen();
        checkNoPending();
        MessageFrame.checkUserLength(length, maxMessageLength);
        MessageFrame.checkUserType(type);
        MessageFrame.checkUserRange(offset, length, sourceLength);
    }

    private void checkNoPending() {
        if (pendingIndex != NO_CLAIM) {
            throw new IllegalStateException(name + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it before offering");
        }
    }

    private void checkOpen() {
        lifecycle.enter();
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public int maxBatchCount(int length) {
        return Batches.maxCount(length, maxMessageLength, maxBatchLength);
    }

    @Override
    public int tryClaimBatch(int count, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.claimed(tryClaimBatchNow(count, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimBatchNow(int count, int length, int type) {
        checkOpen();
        checkNoPendingForBatch();
        int header = reserve(Batches.extent(count, length, type, maxMessageLength, maxBatchLength));
        if (header == NO_CLAIM) {
            return NO_CLAIM;
        }
        pendingHeader = Records.header(length, type);
        pendingCount = count;
        pendingIndex = header + MessageFrame.HEADER_LENGTH;
        return pendingIndex;
    }

    @Override
    public int tryClaimBatch(int count, int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            try {
                return watch.claimed(tryClaimBatchNow(count, length, type, timeout, unit));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private int tryClaimBatchNow(int count, int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        int index = tryClaimBatch(count, length, type);
        long deadline = Deadline.after(timeout, unit);
        while (index == NO_CLAIM) {
            // ready() waits for room for a record of alignedRecordLength(waitLength) bytes: the
            // batch's extent (a multiple of 8) less a header is exactly that
            waitLength = count * MessageFrame.alignedRecordLength(length) - MessageFrame.HEADER_LENGTH;
            if (!waiter.await(this, deadline)) {
                return NO_CLAIM;
            }
            index = tryClaimBatch(count, length, type);
        }
        return index;
    }

    @Override
    public void commitBatch(int index) {
        watch.tick();
        try {
            try {
                commitBatchNow(index);
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private void commitBatchNow(int index) {
        checkPendingBatch(index);
        int count = pendingCount;
        pendingIndex = NO_CLAIM;
        pendingCount = 0;
        int first = index - MessageFrame.HEADER_LENGTH;
        long value = pendingHeader;
        int stride = MessageFrame.alignedRecordLength(Records.length(value));
        for (int k = 1; k < count; k++) {
            int header = first + k * stride;
            // Plain load and store: the consumer reads this word only after the first record's
            // header, which publish() stores last with a release (pairs with the consumer's
            // acquire load of it); until then the word is 0 from the consumer's zeroing, unless
            // the user wrote outside the payloads.
            long found = memory.getLong(header);
            if (found != 0) {
                throw overwritten(header, found);
            }
            memory.putLong(header, value);
        }
        // Plain: as in commitNow, the first header is ours until the release in publish().
        long found = memory.getLong(first);
        if (found != 0) {
            throw overwritten(first, found);
        }
        publish(first);
    }

    @Override
    public void abortBatch(int index) {
        watch.tick();
        try {
            try {
                checkPendingBatch(index);
                pendingCount = 0;
                abortPending();
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    @Override
    public boolean offerBatch(ByteBuffer src, int offset, int count, int length, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerBatchNow(src, offset, count, length, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerBatchNow(ByteBuffer src, int offset, int count, int length, int type) {
        checkOpen();
        checkNoPending();
        int extent = Batches.extent(count, length, type, maxMessageLength, maxBatchLength);
        Batches.checkSource(offset, count, length, Objects.requireNonNull(src, "src").limit());
        int first = reserve(extent);
        if (first == NO_CLAIM) {
            return false;
        }
        int stride = MessageFrame.alignedRecordLength(length);
        long value = Records.header(length, type);
        pendingHeader = value;
        try {
            memory.putBytes(first + MessageFrame.HEADER_LENGTH, src, offset, length);
            for (int k = 1; k < count; k++) {
                int header = first + k * stride;
                // Plain: published by the release of the first header in publish(), as in commitBatchNow.
                memory.putLong(header, value);
                memory.putBytes(header + MessageFrame.HEADER_LENGTH, src, offset + k * length, length);
            }
        } catch (RuntimeException | Error e) {
            zeroPending();
            throw e;
        }
        publish(first);
        return true;
    }

    @Override
    public boolean offerBatch(ByteBuffer src, int offset, int[] lengths, int count, int type) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerBatchNow(src, offset, lengths, count, type));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerBatchNow(ByteBuffer src, int offset, int[] lengths, int count, int type) {
        checkOpen();
        checkNoPending();
        int limit = Objects.requireNonNull(src, "src").limit();
        int extent = Batches.extent(offset, lengths, count, type, limit, maxMessageLength, maxBatchLength);
        int first = reserve(extent);
        if (first == NO_CLAIM) {
            return false;
        }
        try {
            pendingHeader = Batches.copy(memory, first, extent, src, offset, limit, lengths, count, type, maxMessageLength);
        } catch (RuntimeException | Error e) {
            zeroPending();
            throw e;
        }
        publish(first);
        return true;
    }

    /**
     * Reserves room for one record ({@link #claim}) or a batch's records, and the padding before
     * them at the wrap.
     *
     * @param extent the record's or the batch's bytes, at most {@link RingLayout#maxClaimLength()}
     * @return the first record header's index in the mapping, or {@link #NO_CLAIM} when full;
     *         sets {@link #pendingTail} and {@link #pendingRecordLength} (the extent), so the
     *         single claim's abort and commit checks cover the whole batch
     */
    private int reserve(int extent) {
        long tail = this.tail;
        int index = (int) tail & mask;
        int toEnd = capacity - index;
        int required = extent <= toEnd ? extent : toEnd + extent;
        if (tail + required - cachedHead > capacity && !refreshHead(tail, required)) {
            storeTail();
            // Atomic add: the statistics counter inspectors read.
            memory.getAndAddLong(RingDescriptor.FULL_EVENTS_OFFSET, 1);
            return NO_CLAIM;
        }
        pendingTail = tail + required;
        pendingRecordLength = extent;
        return dataOffset + (extent <= toEnd ? index : 0);
    }

    private void checkPendingBatch(int index) {
        checkOpen();
        if (pendingIndex == NO_CLAIM || index != pendingIndex || pendingCount == 0) {
            throw new IllegalStateException(name + ": index=" + index + " is not the pending batch claim ("
                    + (pendingIndex == NO_CLAIM ? "none pending" : pendingCount == 0 ? "a single claim is pending at index="
                    + pendingIndex + ": commit or abort it" : "pending index=" + pendingIndex) + ")");
        }
    }

    private void checkNoPendingForBatch() {
        if (pendingIndex != NO_CLAIM) {
            throw new IllegalStateException(name + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it first");
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    /**
     * Detaches; callable from any thread. When another thread may be inside a call, the detach
     * (which aborts a pending claim) is left to it (see {@link EndpointLifecycle}): its call in
     * progress ends normally, its next throws {@link ChannelClosedException}.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /**
     * Aborts a pending claim, stores the tail, gives the role up and lets the mapping go; skips
     * the shared writes when the file was truncated under the mapping.
     */
    private void detach() {
        try {
            watch.unlessTruncated(() -> {
                if (pendingIndex != NO_CLAIM) {
                    abortPending();
                }
                storeTail();
                file.releaseOwner(RingDescriptor.PRODUCER_OWNER_OFFSET, owner);
            });
        } finally {
            file.release();
            onClose.accept(this);
        }
    }
}
