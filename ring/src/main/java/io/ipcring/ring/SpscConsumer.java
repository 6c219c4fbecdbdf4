package io.ipcring.ring;

import io.ipcring.sync.MappedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The consumer of an {@link SpscRing}. Wait-free: one acquire load of the tail per batch, then
 * every record up to it is read in place (validated first), then one release store of the head
 * acknowledges the batch and frees its space. Nothing is zeroed: the tail alone says what is
 * published.
 */
final class SpscConsumer implements RingConsumer, Waiter.Condition {
    private final RingFile file;
    private final MappedMemory memory;
    private final ByteBuffer readBuffer;
    private final String uri;
    private final Consumer<AutoCloseable> onClose;
    private final int capacity;
    private final int mask;
    private final int dataOffset;
    private final int maxMessageLength;
    private final long owner;
    private final Waiter waiter;
    private final Waker producerWaker;

    private long head;
    private long messages;
    private long bytes;
    private boolean closed;

    /**
     * Attaches as the ring's consumer, resuming at the head stored in the file.
     *
     * @param file     the ring file
     * @param strategy how blocking polls wait
     * @param uri      the channel URI or path reported by {@link #uri()}
     * @param onClose  told once when this consumer closes
     * @throws ChannelException       when a live consumer is attached
     * @throws RingCorruptedException when the positions in the file are inconsistent
     */
    SpscConsumer(RingFile file, WaitStrategy strategy, String uri, Consumer<AutoCloseable> onClose) {
        this.file = file;
        this.memory = file.memory();
        this.readBuffer = memory.buffer().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.uri = uri;
        this.onClose = onClose;
        RingLayout layout = file.layout();
        this.capacity = layout.capacity();
        this.mask = capacity - 1;
        this.dataOffset = layout.dataOffset();
        this.maxMessageLength = layout.maxMessageLength();
        this.waiter = new Waiter(strategy, memory, RingDescriptor.CONSUMER_BLOCKING_FLAG,
                RingDescriptor.CONSUMER_WAITING_OFFSET, RingDescriptor.CONSUMER_SLEEPS_OFFSET, false);
        this.producerWaker = new Waker(memory, RingDescriptor.PRODUCER_BLOCKING_FLAG,
                RingDescriptor.PRODUCER_WAITING_OFFSET, RingDescriptor.PRODUCER_WAKES_OFFSET, Integer.MAX_VALUE);
        this.owner = file.acquireOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, "consumer");
        try {
            // Acquire: pairs with the previous consumer's release stores.
            this.head = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
            this.messages = memory.getLongAcquire(RingDescriptor.MESSAGES_OFFSET);
            this.bytes = memory.getLongAcquire(RingDescriptor.BYTES_OFFSET);
            checkTail(memory.getLongAcquire(RingDescriptor.TAIL_OFFSET));
        } catch (RuntimeException e) {
            file.releaseOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, owner);
            throw e;
        }
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        if (closed) {
            throw new ChannelClosedException(uri + ": consumer is closed");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        // Acquire: pairs with the producer's release store of tail; the records up to it are
        // complete.
        long tail = memory.getLongAcquire(RingDescriptor.TAIL_OFFSET);
        long head = this.head;
        if (tail == head) {
            return 0;
        }
        checkTail(tail);
        long position = head;
        int count = 0;
        long payloadBytes = 0;
        try {
            while (position < tail && count < limit) {
                int index = (int) position & mask;
                long header = memory.getLong(dataOffset + index);
                int recordLength = Records.committedLength(header, index, capacity, maxMessageLength, position, file.name());
                if (recordLength > tail - position) {
                    throw Records.corrupted(file.name(), position, "record of " + recordLength
                            + " bytes runs past the tail=" + tail);
                }
                position += recordLength;
                int type = Records.type(header);
                if (type != MessageCodec.PADDING_TYPE) {
                    int length = Records.length(header);
                    count++;
                    payloadBytes += length;
                    handler.onMessage(type, readBuffer, dataOffset + index + MessageCodec.HEADER_LENGTH, length);
                }
            }
        } finally {
            if (position != head) {
                acknowledge(position, count, payloadBytes);
            }
        }
        return count;
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        int count = poll(handler, limit);
        long deadline = Deadlines.of(timeout, unit);
        while (count == 0) {
            if (!waiter.await(this, deadline)) {
                return 0;
            }
            count = poll(handler, limit);
        }
        return count;
    }

    private void acknowledge(long position, int count, long payloadBytes) {
        messages += count;
        bytes += payloadBytes;
        // Release stores on our own line: statistics for readers of RingStats.
        memory.putLongRelease(RingDescriptor.MESSAGES_OFFSET, messages);
        memory.putLongRelease(RingDescriptor.BYTES_OFFSET, bytes);
        // Release: pairs with the producer's acquire load of head; our reads of the batch are
        // done before it reuses the space.
        memory.putLongRelease(RingDescriptor.HEAD_OFFSET, position);
        head = position;
        producerWaker.wakeIfSleeping();
    }

    private void checkTail(long tail) {
        if (tail < head || tail - head > capacity || (tail & (MessageCodec.ALIGNMENT - 1)) != 0
                || (head & (MessageCodec.ALIGNMENT - 1)) != 0 || head < 0) {
            throw RingLayout.corrupted(file.name(), "positions inconsistent: head=" + head + " tail=" + tail
                    + " capacity=" + capacity + " (need 0 <= head <= tail <= head + capacity, 8-aligned)");
        }
    }

    /** Data check for a blocked poll; volatile load of tail (see {@link Waiter}). */
    @Override
    public boolean ready() {
        return memory.getLongVolatile(RingDescriptor.TAIL_OFFSET) != head;
    }

    @Override
    public long position() {
        return head;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            file.releaseOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, owner);
            onClose.accept(this);
        }
    }
}
