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
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The consumer of an {@link SpscRing}. Wait-free: it reads each record's header word with an
 * acquire load, in the data line it is about to read anyway; a committed header (validated
 * first) is read in place, a zero word means nothing more is published. After a batch it
 * stores the consumed position (the acknowledgement). Consumed space is then zeroed, so the
 * next lap reads 0 where nothing is written yet, and freed by storing the head, but not after
 * every batch: once {@link RingLayout#freeStride()} bytes are consumed and not freed, when a
 * poll finds nothing (whole cache lines of {@value #FREE_ALIGNMENT} bytes only, up to the line
 * the last consumed record ends in) and at close. A consumer that dies before (or while) zeroing
 * leaves {@code head < consumed}; the next one finishes the zeroing on attach.
 *
 * <p>Zeroing here rather than in the producer keeps the two sides apart: a producer that zeroed
 * the word after each record touched the next line early, the very line a consumer waiting at
 * its heels reads. Zeroing in strides, and whenever a poll finds nothing, keeps the zeroing (a
 * store into lines the producer wrote last, which must come back across) out of the way of a
 * reply: a ping-pong peer zeroes while it waits for the next message, not between reading one
 * and sending the next; a stream zeroes once a kilobyte. An idle poll leaves the line the last
 * record ends in, so the consumer does not write the line the producer writes next: a store
 * there would make the producer's next commit fetch the line back from the consumer's cache,
 * on the path of every ping-pong message. That holds the producer back by less than a line
 * (the largest record is an eighth of the ring, so it finds room once the consumer has caught
 * up); a stride, when the ring may be full, is freed to the last byte consumed.
 *
 * <p>The per-message loop of {@link #poll(MessageHandler, int)} calls nothing but the memory
 * accessors and the handler: HotSpot's C2 inlines a method of more than 35 bytes of bytecode
 * only at a call site that runs in a good part of the caller's invocations, and a spinning
 * consumer's polls mostly find nothing, so a validation helper called per message stayed a real
 * call (measured: 0.6x Agrona's throughput with it, 0.9x without). The full header check runs
 * out of line only for a padding or a word the short check rejects.
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
    /**
     * A poll that finds nothing zeroes and frees whole cache lines only, up to the line the last
     * record consumed ends in: the rest of that line is where the producer writes next.
     */
    static final int FREE_ALIGNMENT = 64;
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
    /** How far a consistent consumer can be ahead of the stored tail: {@link RingLayout#pastTailLimit()}. */
    private final long tailSlack;
    private final int freeStride;
    private final long owner;
    private final Waiter waiter;
    private final FutexSignal producerSignal;
    private final EndpointLifecycle lifecycle;

    /** Consumed (and acknowledged) up to here. */
    private long head;
    /** Zeroed and freed up to here: the head stored in the file. */
    private long freed;
    private long messages;
    private long bytes;
    /** Batches acknowledged since the statistics were last stored. */
    private int unpublishedBatches;

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
        this.tailSlack = layout.pastTailLimit();
        this.freeStride = layout.freeStride();
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
        // Acquire: pairs with the previous consumer's release stores of head and consumed.
        long freed = memory.getLongAcquire(RingDescriptor.HEAD_OFFSET);
        long consumed = memory.getLongAcquire(RingDescriptor.CONSUMED_OFFSET);
        if (freed < 0 || consumed < freed || consumed - freed > capacity
                || ((freed | consumed) & (MessageFrame.ALIGNMENT - 1)) != 0) {
            throw RingCorruption.corrupted(name, "positions inconsistent: head=" + freed + " consumed=" + consumed
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
        this.freed = consumed;
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
            // a batch stops a lap after the freed position: the word there, in a full ring, is the
            // first consumed record not zeroed yet, not a new one
            long end = freed + capacity;
            while (count < limit && position < end) {
                int index = (int) position & mask;
                // Acquire: pairs with the producer's release store of this header at commit; the
                // payload is visible.
                long header = memory.getLongAcquire(dataOffset + index);
                if (header == 0) {
                    break;
                }
                int type = Records.type(header);
                int length = Records.length(header);
                // MessageFrame.alignedRecordLength, written out: poll is compiled while it mostly
                // finds nothing, when a helper's call count may still be below C2's threshold
                int recordLength = (length + MessageFrame.HEADER_LENGTH + MessageFrame.ALIGNMENT - 1) & -MessageFrame.ALIGNMENT;
                if (type <= 0 || length < 0 || length > maxMessageLength || recordLength > capacity - index) {
                    // a padding (once a lap) or a corrupt word: the full check, out of line
                    recordLength = Records.committedLength(header, index, capacity, maxMessageLength, position, name);
                }
                if (position + recordLength > end) {
                    throw RingCorruption.corrupted(name, "record at position=" + position + ": record of " + recordLength + " bytes would pass a whole lap of "
                            + capacity + " bytes from the freed position=" + freed);
                }
                position += recordLength;
                if (type > 0) {
                    count++;
                    payloadBytes += length;
                    handler.onMessage(type, readBuffer, dataOffset + index + MessageFrame.HEADER_LENGTH, length);
                }
            }
        } finally {
            if (position != head) {
                acknowledge(head, position, count, payloadBytes);
            } else {
                long lineStart = head & -FREE_ALIGNMENT;
                if (lineStart > freed) {
                    free(lineStart);
                }
                if (unpublishedBatches != 0) {
                    publishStats();
                }
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
        if (((head ^ position) & -(long) capacity) != 0) {
            // Acquire: pairs with the producer's release store of the tail; once per lap.
            checkTail(memory.getLongAcquire(RingDescriptor.TAIL_OFFSET), position);
        }
        // Release: the batch is acknowledged; a restarted consumer resumes after it.
        memory.putLongRelease(RingDescriptor.CONSUMED_OFFSET, position);
        messages += count;
        bytes += payloadBytes;
        if (++unpublishedBatches == STATS_BATCHES) {
            publishStats();
        }
        this.head = position;
        if (position - freed >= freeStride) {
            free(position);
        }
    }

    /**
     * Zeroes consumed space up to {@code to}, then frees it (head) and wakes a producer waiting
     * for room.
     */
    private void free(long to) {
        // The zeroing must not be moved before the acknowledgement (a release store, which
        // orders only what came before it).
        VarHandle.storeStoreFence();
        Records.zeroAndFree(memory, dataOffset, capacity, freed, to);
        freed = to;
        producerSignal.signal();
    }

    private void publishStats() {
        unpublishedBatches = 0;
        // Release stores on the consumer line, which no producer reads: statistics for UnicastRingStats.
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
                || ((tail | position) & (MessageFrame.ALIGNMENT - 1)) != 0 || position < 0) {
            throw RingCorruption.corrupted(name, "positions inconsistent: consumed=" + position + " tail=" + tail
                    + " capacity=" + capacity + " (need 0 <= consumed <= tail + " + tailSlack
                    + ", tail <= consumed + capacity, 8-aligned)");
        }
    }

    /**
     * Data check for a blocked poll; volatile load of the header at the head (see {@link Waiter}).
     * A close ends the wait too: the next poll throws.
     */
    @Override
    public boolean ready() {
        return lifecycle.isClosed() || memory.getLongVolatile(dataOffset + ((int) head & mask)) != 0;
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

    /**
     * Stores the statistics and frees what was consumed, gives the role up and lets the mapping
     * go; skips the shared writes when the file was truncated under the mapping.
     */
    private void detach() {
        try {
            watch.unlessTruncated(() -> {
                if (unpublishedBatches != 0) {
                    publishStats();
                }
                if (freed != head) {
                    free(head);
                }
                file.releaseOwner(RingDescriptor.CONSUMER_OWNER_OFFSET, owner);
            });
        } finally {
            file.release();
            onClose.accept(this);
        }
    }
}
