package io.ipcring.ring.fanout;

import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingWait;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.MappedMemory;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Publishes on a {@link WorkQueueRing}: each message goes to exactly one consumer. Holds a
 * producer slot while open. For one thread at a time; several publishers (in any processes) may
 * publish on the same ring concurrently. See {@link WorkQueueRing} for the guarantees.
 */
final class WorkQueuePublisher implements Publisher {
    private final WorkQueueRing ring;
    private final boolean ownsRing;
    private final MappedMemory memory;
    private final WorkQueueRecords records;
    private final OrderedPublication publication;
    private final int maxMessageLength;
    private final long maxMessages;
    /** The last wait condition {@link #awaitRoom} built, reused while lengths repeat. */
    private volatile RoomCheck roomCheck;
    private final EndpointLifecycle lifecycle;
    private final FileWatch watch;

    /**
     * @param ring     the ring
     * @param ownsRing close the ring with this publisher
     * @param guarded  false for a {@link RingQueue}'s publisher, which the queue never closes while
     *                 a call is in progress (see {@link EndpointLifecycle#unguarded})
     */
    WorkQueuePublisher(WorkQueueRing ring, boolean ownsRing, boolean guarded) {
        this.ring = ring;
        this.watch = ring.watch();
        this.ownsRing = ownsRing;
        this.memory = ring.memory();
        this.records = ring.records();
        WorkQueueRingOptions options = ring.options();
        this.maxMessageLength = options.maxMessageLength();
        this.maxMessages = options.maxMessages();
        OrderedPublication.Layout layout = new OrderedPublication.Layout(WorkQueueRingDescriptor.CLAIM_OFFSET,
                WorkQueueRingDescriptor.TAIL_OFFSET, WorkQueueRingDescriptor.MESSAGES_OFFSET,
                WorkQueueRingDescriptor.BYTES_OFFSET, WorkQueueRingDescriptor.REPAIRS_OFFSET, WorkQueueRingDescriptor.REPAIR_LOCK_OFFSET,
                WorkQueueRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET, options.producerSlots(), ring.dataOffset(),
                options.capacity());
        this.publication = new OrderedPublication(memory, ring.path(), layout, new Gate(records),
                new Format(memory), maxMessages == 0 ? null : this::admits, ring.notEmpty());
        this.lifecycle = guarded
                ? EndpointLifecycle.guarded(uri() + ": publisher closed", this::detach,
                        ring.notFull()::wakeForClose)
                : EndpointLifecycle.unguarded(uri() + ": publisher closed", this::detach);
    }

    /**
     * Publishes one message if the ring has room for it now (and, with a message bound, the queue
     * holds fewer messages than the bound).
     *
     * @return true when published; false when full
     */
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
        long position = claim(length, type, offset, src.limit());
        if (position == OrderedPublication.FULL) {
            return false;
        }
        int at = publication.offsetOf(position);
        try {
            memory.putBytes(at + WorkQueueRingDescriptor.RECORD_HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            publication.commit(0, false);
            throw e;
        }
        return commit(position, at, length, type);
    }

    /**
     * Publishes a message held in an array, copying straight from it (no {@link ByteBuffer}
     * wrapper per call).
     *
     * @return true when published; false when full
     */
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
        long position = claim(length, type, offset, src.length);
        if (position == OrderedPublication.FULL) {
            return false;
        }
        int at = publication.offsetOf(position);
        try {
            memory.putBytes(at + WorkQueueRingDescriptor.RECORD_HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            publication.commit(0, false);
            throw e;
        }
        return commit(position, at, length, type);
    }

    /**
     * Publishes one message, sleeping (futex) while the ring is full, up to the timeout.
     */
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
            if (!awaitRoom(length, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a payload into the claimed space in place (the ring's own buffer): for code of this
     * package that holds a claim open, such as the tests of the commit-turn bound. User code
     * never gets the ring's buffer ({@link RingQueue} encodes into a heap buffer and copies).
     */
    @FunctionalInterface
    interface PayloadWriter {
        /**
         * @param buffer the ring's buffer (absolute indexes)
         * @param offset where the payload starts; exactly the announced length must be written
         */
        void write(ByteBuffer buffer, int offset);
    }

    /**
     * Publishes a message whose payload {@code writer} writes in place. If the writer throws, the
     * claim is published as padding and the exception propagates.
     *
     * @param length the payload length the writer writes
     * @param type   the message type, positive
     * @param writer writes the payload
     * @return true when published; false when full
     */
    boolean offer(int length, int type, PayloadWriter writer) {
        watch.tick();
        try {
            try {
                return watch.succeeded(offerNow(length, type, writer));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean offerNow(int length, int type, PayloadWriter writer) {
        long position = claim(length, type, 0, length);
        if (position == OrderedPublication.FULL) {
            return false;
        }
        int at = publication.offsetOf(position);
        try {
            writer.write(memory.buffer(), at + WorkQueueRingDescriptor.RECORD_HEADER_LENGTH);
        } catch (RuntimeException | Error e) {
            publication.commit(0, false);
            throw e;
        }
        return commit(position, at, length, type);
    }

    /**
     * Sleeps until a message of {@code length} bytes may fit, or the deadline passes.
     *
     * @param length   the payload length
     * @param deadline the {@link System#nanoTime()} to give up at
     * @return false when the deadline passed
     * @throws InterruptedException if interrupted while asleep
     */
    boolean awaitRoom(int length, long deadline) throws InterruptedException {
        try {
            try {
                return watch.succeeded(awaitRoomNow(length, deadline));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean awaitRoomNow(int length, long deadline) throws InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        int recordBytes = WorkQueueRingDescriptor.recordLength(Math.max(0, Math.min(length, maxMessageLength)));
        // volatile: hands the immutable check to the other threads of this process that wait
        // here (RingQueue calls this outside its put lock); a wait for the same length as the
        // last one allocates nothing
        RoomCheck check = roomCheck;
        if (check == null || check.recordBytes != recordBytes) {
            check = new RoomCheck(recordBytes);
            roomCheck = check;
        }
        RingWait.await(ring.options().waitStrategy(), ring.notFull(), check,
                Deadline.after(Math.min(remaining, FanoutIdle.HOUSEKEEPING_SLICE_NANOS), TimeUnit.NANOSECONDS));
        return true;
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public String uri() {
        return ring.uri();
    }

    /**
     * Gives the producer slot back (and closes the ring if this publisher opened it); callable
     * from any thread. When another thread may be inside an offer, this is left to it (see
     * {@link EndpointLifecycle}): its offer in progress ends normally, its next throws
     * {@link ChannelClosedException}.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** Gives the slot back, unless the file was truncated under the mapping, and closes an owned ring. */
    private void detach() {
        try {
            watch.unlessTruncated(publication::close);
        } finally {
            if (ownsRing) {
                ring.close();
            }
        }
    }

    /**
     * Checks the message and claims its record (the payload must then be written and the record
     * committed, or given up with {@code publication.commit(0, false)}).
     *
     * @return the record's position, or {@link OrderedPublication#FULL}
     */
    private long claim(int length, int type, int sourceOffset, int sourceLength) {
        lifecycle.enter();
        MessageFrame.checkUserType(type);
        MessageFrame.checkUserLength(length, maxMessageLength);
        Objects.checkFromIndexSize(sourceOffset, length, sourceLength);
        if (maxMessages > 0 && records.size() >= maxMessages && atBound()) {
            memory.getAndAddLong(WorkQueueRingDescriptor.FULL_EVENTS_OFFSET, 1);
            return OrderedPublication.FULL;
        }
        long position = publication.claim(WorkQueueRingDescriptor.recordLength(length));
        if (position == OrderedPublication.FULL) {
            memory.getAndAddLong(WorkQueueRingDescriptor.FULL_EVENTS_OFFSET, 1);
        }
        return position;
    }

    /**
     * Writes the header of a claimed record whose payload is written, and commits it.
     *
     * @return false when the message bound turned it away at commit
     */
    private boolean commit(long position, int at, int length, int type) {
        // plain: published by the release store of the tail in commit(); the state word is the
        // record's own position: unclaimed
        memory.putLong(at + WorkQueueRingDescriptor.STATE_OFFSET, position);
        memory.putLong(at + WorkQueueRingDescriptor.RESERVED_OFFSET, 0);
        memory.putInt(at + WorkQueueRingDescriptor.LENGTH_OFFSET, length);
        memory.putInt(at + WorkQueueRingDescriptor.TYPE_OFFSET, type);
        if (!publication.commit(length, true)) {
            memory.getAndAddLong(WorkQueueRingDescriptor.FULL_EVENTS_OFFSET, 1);
            return false;
        }
        return true;
    }

    /**
     * Whether the queue is still at its message bound once the reclaim position has moved over
     * the done records at its head: two finishers (consumers, or a consumer and a removal) that
     * finish at once may each stop before the other's record, leaving them for the next one.
     */
    private boolean atBound() {
        records.advanceReclaim();
        return records.size() >= maxMessages;
    }

    private boolean hasRoom(int recordBytes) {
        return (maxMessages == 0 || records.size() < maxMessages) && publication.hasRoom(recordBytes);
    }

    /** The message bound, checked in the commit turn. */
    private boolean admits(long published) {
        return records.sizeAtCommit(published, records.tail()) < maxMessages;
    }

    /** Whether a record of {@code recordBytes} fits now. Immutable, so threads may share it. */
    private final class RoomCheck implements BooleanSupplier {
        private final int recordBytes;

        RoomCheck(int recordBytes) {
            this.recordBytes = recordBytes;
        }

        @Override
        public boolean getAsBoolean() {
            return lifecycle.isClosed() || hasRoom(recordBytes);
        }
    }

    /** Producers may overwrite what the reclaim position has passed. */
    private static final class Gate implements OrderedPublication.Gate {
        private final WorkQueueRecords records;
        private long bound = Long.MIN_VALUE;

        Gate(WorkQueueRecords records) {
            this.records = records;
        }

        @Override
        public boolean admits(long needed) {
            if (needed <= bound) {
                return true;
            }
            bound = records.reclaim();
            if (needed <= bound) {
                return true;
            }
            bound = records.advanceReclaim();
            return needed <= bound;
        }

        @Override
        public boolean wouldAdmit(long needed) {
            return needed <= records.reclaim();
        }

        @Override
        public void beforeWrite(long start, long end) {
            // the reclaim position never moves back and nobody joins: the cached bound stays valid
        }
    }

    /** Work-queue records: state, sequence, reserved, then a {@link MessageFrame} record. */
    private static final class Format implements OrderedPublication.RecordFormat {
        private final MappedMemory memory;

        Format(MappedMemory memory) {
            this.memory = memory;
        }

        @Override
        public int alignment() {
            return WorkQueueRingDescriptor.RECORD_ALIGNMENT;
        }

        @Override
        public void writePadding(int offset, long position, int bytes) {
            memory.putLong(offset + WorkQueueRingDescriptor.STATE_OFFSET, position | WorkQueueRingDescriptor.DONE_BIT);
            memory.putLong(offset + WorkQueueRingDescriptor.RESERVED_OFFSET, 0);
            memory.putInt(offset + WorkQueueRingDescriptor.LENGTH_OFFSET, bytes - WorkQueueRingDescriptor.RECORD_HEADER_LENGTH);
            memory.putInt(offset + WorkQueueRingDescriptor.TYPE_OFFSET, MessageFrame.PADDING_TYPE);
        }

        @Override
        public void stamp(int offset, long messagesBefore) {
            memory.putLong(offset + WorkQueueRingDescriptor.SEQUENCE_OFFSET, messagesBefore);
        }
    }
}
