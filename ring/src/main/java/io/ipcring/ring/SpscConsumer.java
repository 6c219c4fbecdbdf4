package io.ipcring.ring;

import io.ipcring.sync.MappedMemory;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The consumer of an {@link SpscRing}. Wait-free: it reads each record's header word with an
 * acquire load, in the data line it is about to read anyway; a committed header (validated
 * first) is read in place, a zero word means nothing more is published. After a batch it
 * stores the consumed position (the acknowledgement), zeroes the batch's space so the next lap
 * reads 0 where nothing is written yet, and then frees the space by storing the head. A
 * consumer that dies while zeroing leaves {@code head < consumed}; the next one finishes the
 * zeroing on attach.
 *
 * <p>Zeroing here rather than in the producer also keeps the two sides apart: a producer that
 * zeroed the word after each record touched the next line early, the very line a consumer
 * waiting at its heels reads, and the consumer, cheaper than the producer, stayed at its heels;
 * with the zeroing on its side, the consumer trails by whole batches of finished lines.
 *
 * <p>The statistics (messages, bytes) are stored every {@value #STATS_BATCHES} batches, when a
 * poll finds nothing and at close, not after every batch: a stream keeps them at most that many
 * batches behind, an idle consumer exact.
 *
 * <p>The tail is not read per batch (it would pull the producer's line across at every poll):
 * a committed-looking header is validated on its own (type, length, within the ring, at most
 * a lap per batch), and once per lap, when a batch crosses a lap boundary, the consumer checks
 * that it is not ahead of the producer's stored tail, so a corrupted file cannot make it run
 * on over stale data for more than a lap.
 */
final class SpscConsumer implements RingConsumer, Waiter.Condition {
    /** Batches between two stores of the statistics while polls keep finding messages. */
    static final int STATS_BATCHES = 64;
    private final RingFile file;
    private final String name;
    private final MappedMemory memory;
    private final ByteBuffer readBuffer;
    private final String uri;
    private final Consumer<AutoCloseable> onClose;
    private final int capacity;
    private final int mask;
    private final int dataOffset;
    private final int maxMessageLength;
    /** How far a consistent consumer can be ahead of the stored tail: {@link RingLayout#pastTailLimit()}. */
    private final long tailSlack;
    private final long owner;
    private final Waiter waiter;
    private final Waker producerWaker;

    private long head;
    private long messages;
    private long bytes;
    /** Batches acknowledged since the statistics were last stored. */
    private int unpublishedBatches;
    private boolean closed;

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
    SpscConsumer(RingFile file, WaitStrategy strategy, String uri, Consumer<AutoCloseable> onClose) {
        this.file = file;
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
        this.tailSlack = layout.pastTailLimit();
        this.waiter = new Waiter(strategy, memory, RingDescriptor.CONSUMER_BLOCKING_FLAG,
                RingDescriptor.CONSUMER_WAITING_OFFSET, RingDescriptor.CONSUMER_SLEEPS_OFFSET, false);
        this.producerWaker = new Waker(memory, RingDescriptor.PRODUCER_BLOCKING_FLAG,
                RingDescriptor.PRODUCER_WAITING_OFFSET, RingDescriptor.PRODUCER_WAKES_OFFSET, Integer.MAX_VALUE);
        this.owner = file.acquireOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, "consumer");
        try {
            resume();
        } catch (RuntimeException e) {
            file.releaseOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, owner);
            throw e;
        }
    }

    private void resume() {
        // Acquire: pairs with the previous consumer's release stores of head and consumed.
        long freed = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
        long consumed = memory.getLongAcquire(RingDescriptor.CONSUMED_OFFSET);
        if (freed < 0 || consumed < freed || consumed - freed > capacity
                || ((freed | consumed) & (MessageCodec.ALIGNMENT - 1)) != 0) {
            throw RingLayout.corrupted(name, "positions inconsistent: head=" + freed + " consumed=" + consumed
                    + " capacity=" + capacity + " (need 0 <= head <= consumed <= head + capacity, 8-aligned)");
        }
        // Acquire: pairs with the producer's release store of the tail.
        checkTail(memory.getLongAcquire(RingDescriptor.TAIL_OFFSET), consumed);
        // Acquire: pairs with the previous consumer's release stores of the counters.
        this.messages = memory.getLongAcquire(RingDescriptor.MESSAGES_OFFSET);
        this.bytes = memory.getLongAcquire(RingDescriptor.BYTES_OFFSET);
        if (consumed != freed) {
            Records.zeroAndFree(memory, dataOffset, capacity, freed, consumed);
        }
        this.head = consumed;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        if (closed) {
            throw new ChannelClosedException(uri + ": consumer is closed");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        long head = this.head;
        long position = head;
        int count = 0;
        long payloadBytes = 0;
        try {
            // a batch stops after one lap: a full ring's next word is this batch's first header
            while (count < limit && position - head < capacity) {
                int index = (int) position & mask;
                // Acquire: pairs with the producer's release store of this header at commit; the
                // payload is visible.
                long header = memory.getLongAcquire(dataOffset + index);
                if (header == 0) {
                    break;
                }
                int recordLength = Records.committedLength(header, index, capacity, maxMessageLength, position, name);
                if (position + recordLength - head > capacity) {
                    throw Records.corrupted(name, position, "batch from head=" + head
                            + " would pass a whole lap of " + capacity + " bytes");
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
                acknowledge(head, position, count, payloadBytes);
            } else if (unpublishedBatches != 0) {
                publishStats();
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

    private void acknowledge(long head, long position, int count, long payloadBytes) {
        if (((head ^ position) & -(long) capacity) != 0) {
            // Acquire: pairs with the producer's release store of the tail; once per lap.
            checkTail(memory.getLongAcquire(RingDescriptor.TAIL_OFFSET), position);
        }
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
        producerWaker.wakeIfSleeping();
    }

    private void publishStats() {
        unpublishedBatches = 0;
        // Release stores on the consumer line, which no producer reads: statistics for RingStats.
        memory.putLongRelease(RingDescriptor.MESSAGES_OFFSET, messages);
        memory.putLongRelease(RingDescriptor.BYTES_OFFSET, bytes);
    }

    /**
     * Checks the consumer's position against the producer's stored tail: the tail is at most a
     * lap ahead, and the consumer at most {@link #tailSlack} ahead of it (records the producer
     * committed but has not stored its tail for yet, or never will: its producer died).
     */
    private void checkTail(long tail, long position) {
        if (tail - position > capacity || position - tail > tailSlack
                || ((tail | position) & (MessageCodec.ALIGNMENT - 1)) != 0 || position < 0) {
            throw RingLayout.corrupted(name, "positions inconsistent: consumed=" + position + " tail=" + tail
                    + " capacity=" + capacity + " (need 0 <= consumed <= tail + " + tailSlack
                    + ", tail <= consumed + capacity, 8-aligned)");
        }
    }

    /** Data check for a blocked poll; volatile load of the header at the head (see {@link Waiter}). */
    @Override
    public boolean ready() {
        return memory.getLongVolatile(dataOffset + ((int) head & mask)) != 0;
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
            if (unpublishedBatches != 0) {
                publishStats();
            }
            closed = true;
            file.releaseOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, owner);
            onClose.accept(this);
        }
    }
}
