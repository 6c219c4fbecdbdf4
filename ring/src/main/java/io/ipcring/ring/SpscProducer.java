package io.ipcring.ring;

import io.ipcring.sync.MappedMemory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The producer of an {@link SpscRing}. Wait-free: a claim writes the record header plainly in
 * space the consumer has released, the payload goes in place, and a commit publishes it with
 * one release store of the tail. The consumer's head is read (acquire) only when the ring
 * looks full from a cached copy, so the steady state touches the consumer's line only once per
 * lap. When a record does not fit before the end of the data region, a padding record fills the
 * rest and the record starts at index 0. An abort simply forgets the claim: nothing was
 * published.
 */
final class SpscProducer implements RingProducer, Waiter.Condition {
    private final RingFile file;
    private final MappedMemory memory;
    private final ByteBuffer buffer;
    private final String uri;
    private final Consumer<AutoCloseable> onClose;
    private final int capacity;
    private final int mask;
    private final int dataOffset;
    private final int maxMessageLength;
    private final long owner;
    private final Waiter waiter;
    private final Waker consumerWaker;

    private long tail;
    private long cachedHead;
    private int pendingIndex = -1;
    private long pendingTail;
    private int waitLength;
    private boolean closed;

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
        this.memory = file.memory();
        this.buffer = memory.buffer();
        this.uri = uri;
        this.onClose = onClose;
        RingLayout layout = file.layout();
        this.capacity = layout.capacity();
        this.mask = capacity - 1;
        this.dataOffset = layout.dataOffset();
        this.maxMessageLength = layout.maxMessageLength();
        this.waiter = new Waiter(strategy, memory, RingDescriptor.PRODUCER_BLOCKING_FLAG,
                RingDescriptor.PRODUCER_WAITING_OFFSET, RingDescriptor.PRODUCER_SLEEPS_OFFSET, true);
        this.consumerWaker = new Waker(memory, RingDescriptor.CONSUMER_BLOCKING_FLAG,
                RingDescriptor.CONSUMER_WAITING_OFFSET, RingDescriptor.CONSUMER_WAKES_OFFSET, 1);
        this.owner = file.acquireOwner(RingDescriptor.PRODUCER_OWNER_OFFSET, "producer");
        try {
            // Acquire: pairs with the release stores of a previous producer and of the consumer.
            this.tail = memory.getLongAcquire(RingDescriptor.TAIL_OFFSET);
            this.cachedHead = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
            checkPositions(cachedHead);
        } catch (RuntimeException e) {
            file.releaseOwner(RingDescriptor.PRODUCER_OWNER_OFFSET, owner);
            throw e;
        }
    }

    @Override
    public int tryClaim(int length, int type) {
        checkOpen();
        if (pendingIndex >= 0) {
            throw new IllegalStateException(file.name() + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it first");
        }
        int header = claim(length, type);
        if (header < 0) {
            return -1;
        }
        pendingIndex = header + MessageCodec.HEADER_LENGTH;
        return pendingIndex;
    }

    @Override
    public int tryClaim(int length, int type, long timeout, TimeUnit unit) throws InterruptedException {
        int index = tryClaim(length, type);
        long deadline = Deadlines.of(timeout, unit);
        while (index < 0) {
            waitLength = length;
            if (!waiter.await(this, deadline)) {
                return -1;
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
        checkPending(index);
        pendingIndex = -1;
        publish(pendingTail);
    }

    @Override
    public void abort(int index) {
        checkPending(index);
        pendingIndex = -1;
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        checkOpen();
        checkNoPending();
        int header = claim(length, type);
        if (header < 0) {
            return false;
        }
        memory.putBytes(header + MessageCodec.HEADER_LENGTH, src, offset, length);
        publish(pendingTail);
        return true;
    }

    @Override
    public boolean offer(byte[] src, int offset, int length, int type) {
        checkOpen();
        checkNoPending();
        int header = claim(length, type);
        if (header < 0) {
            return false;
        }
        memory.putBytes(header + MessageCodec.HEADER_LENGTH, src, offset, length);
        publish(pendingTail);
        return true;
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = Deadlines.of(timeout, unit);
        while (!offer(src, offset, length, type)) {
            waitLength = length;
            if (!waiter.await(this, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the header of a record (and the padding before it at the wrap) in free space.
     *
     * @return the header's index in the mapping, or -1 when full; sets {@link #pendingTail}
     */
    private int claim(int length, int type) {
        MessageCodec.checkUserLength(length, maxMessageLength);
        MessageCodec.checkUserType(type);
        int recordLength = MessageCodec.alignedRecordLength(length);
        long tail = this.tail;
        int index = (int) tail & mask;
        int toEnd = capacity - index;
        int required = recordLength <= toEnd ? recordLength : toEnd + recordLength;
        if (tail + required - cachedHead > capacity && !refreshHead(tail, required)) {
            memory.getAndAddLong(RingDescriptor.FULL_EVENTS_OFFSET, 1);
            return -1;
        }
        if (recordLength > toEnd) {
            Records.putHeader(memory, dataOffset + index, toEnd - MessageCodec.HEADER_LENGTH, MessageCodec.PADDING_TYPE);
            index = 0;
        }
        Records.putHeader(memory, dataOffset + index, length, type);
        pendingTail = tail + required;
        return dataOffset + index;
    }

    private boolean refreshHead(long tail, int required) {
        // Acquire: pairs with the consumer's release store of head; it has finished reading the
        // space we are about to overwrite.
        long head = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
        checkPositions(head);
        cachedHead = head;
        return tail + required - head <= capacity;
    }

    private void publish(long newTail) {
        // Release: pairs with the consumer's acquire load of tail; header and payload first.
        memory.putLongRelease(RingDescriptor.TAIL_OFFSET, newTail);
        tail = newTail;
        consumerWaker.wakeIfSleeping();
    }

    private void checkPositions(long head) {
        if (head > tail || tail - head > capacity || (head & (MessageCodec.ALIGNMENT - 1)) != 0
                || (tail & (MessageCodec.ALIGNMENT - 1)) != 0 || head < 0) {
            throw RingLayout.corrupted(file.name(), "positions inconsistent: head=" + head + " tail=" + tail
                    + " capacity=" + capacity + " (need 0 <= head <= tail <= head + capacity, 8-aligned)");
        }
    }

    /** Room check for a blocked claim; volatile load of head (see {@link Waiter}). */
    @Override
    public boolean ready() {
        long head = memory.getLongVolatile(RingDescriptor.HEAD_OFFSET);
        int recordLength = MessageCodec.alignedRecordLength(waitLength);
        int toEnd = capacity - ((int) tail & mask);
        int required = recordLength <= toEnd ? recordLength : toEnd + recordLength;
        return tail + required - head <= capacity || head > tail;
    }

    private void checkPending(int index) {
        checkOpen();
        if (pendingIndex < 0 || index != pendingIndex) {
            throw new IllegalStateException(file.name() + ": index=" + index + " is not the pending claim ("
                    + (pendingIndex < 0 ? "none pending" : "pending index=" + pendingIndex) + ")");
        }
    }

    private void checkNoPending() {
        if (pendingIndex >= 0) {
            throw new IllegalStateException(file.name() + ": a claim is pending at index=" + pendingIndex
                    + "; commit or abort it before offering");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(uri + ": producer is closed");
        }
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pendingIndex = -1;
            file.releaseOwner(RingDescriptor.PRODUCER_OWNER_OFFSET, owner);
            onClose.accept(this);
        }
    }
}
