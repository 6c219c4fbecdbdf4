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
 * Publishes on a {@link BroadcastRing}: every attached subscriber receives every message. Holds a
 * producer slot while open. For one thread at a time; several publishers (in any processes) may
 * publish on the same ring concurrently. See {@link BroadcastRing} for the guarantees.
 */
final class BroadcastPublisher implements Publisher {
    private final BroadcastRing ring;
    private final boolean ownsRing;
    private final MappedMemory memory;
    private final OrderedPublication publication;
    private final int maxMessageLength;
    /** The record size a timed offer waits for room for; read by {@link #roomForWaitingRecord}. */
    private int waitingRecordBytes;
    /** The wait condition of a timed offer, made once: a wait allocates nothing. */
    private final BooleanSupplier roomForWaitingRecord;
    private final EndpointLifecycle lifecycle;
    private final FileWatch watch;

    BroadcastPublisher(BroadcastRing ring, boolean ownsRing) {
        this.ring = ring;
        this.watch = ring.watch();
        this.ownsRing = ownsRing;
        this.memory = ring.memory();
        BroadcastRingOptions options = ring.options();
        this.maxMessageLength = options.maxMessageLength();
        OrderedPublication.Layout layout = new OrderedPublication.Layout(BroadcastRingDescriptor.CLAIM_OFFSET,
                BroadcastRingDescriptor.TAIL_OFFSET, BroadcastRingDescriptor.MESSAGES_OFFSET,
                BroadcastRingDescriptor.BYTES_OFFSET, BroadcastRingDescriptor.REPAIRS_OFFSET, BroadcastRingDescriptor.REPAIR_LOCK_OFFSET,
                BroadcastRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET, options.producerSlots(), ring.dataOffset(),
                options.capacity());
        this.publication = new OrderedPublication(memory, ring.path(), layout,
                new BroadcastGate(ring.registry(), options.capacity()), new Format(memory), null, ring.notEmpty());
        this.lifecycle = EndpointLifecycle.guarded(uri() + ": publisher closed", this::detach,
                ring.notFull()::wakeForClose);
        this.roomForWaitingRecord = () -> lifecycle.isClosed() || publication.hasRoom(waitingRecordBytes);
    }

    /**
     * Publishes one message if every attached subscriber has room for it now.
     *
     * @return true when published; false when the slowest live subscriber holds the ring full
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
        int at = claim(length, type, offset, Objects.requireNonNull(src, "src").limit());
        if (at < 0) {
            return false;
        }
        try {
            memory.putBytes(at + MessageFrame.HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            abandon(e);
            throw e;
        }
        commit(at, length, type);
        return true;
    }

    /**
     * Publishes a message held in an array, copying straight from it (no {@link ByteBuffer}
     * wrapper per call).
     *
     * @return true when published; false when the slowest live subscriber holds the ring full
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
        int at = claim(length, type, offset, Objects.requireNonNull(src, "src").length);
        if (at < 0) {
            return false;
        }
        try {
            memory.putBytes(at + MessageFrame.HEADER_LENGTH, src, offset, length);
        } catch (RuntimeException | Error e) {
            abandon(e);
            throw e;
        }
        commit(at, length, type);
        return true;
    }

    /**
     * Publishes one message, sleeping (futex) while the ring is full, up to the timeout. While it
     * waits, subscribers that stopped polling for the liveness timeout are released.
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
        waitingRecordBytes = BroadcastRingDescriptor.recordLength(Math.max(0, length));
        while (!offer(src, offset, length, type)) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            RingWait.await(ring.options().waitStrategy(), ring.notFull(), roomForWaitingRecord,
                    Deadline.after(Math.min(remaining, FanoutIdle.HOUSEKEEPING_SLICE_NANOS), TimeUnit.NANOSECONDS));
        }
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
     * Checks the message and claims its record, whose payload must then be written and committed.
     *
     * @return the record's offset in the mapping, or -1 when full
     */
    private int claim(int length, int type, int sourceOffset, int sourceLength) {
        ensureOpen();
        MessageFrame.checkUserType(type);
        MessageFrame.checkUserLength(length, maxMessageLength);
        MessageFrame.checkUserRange(sourceOffset, length, sourceLength);
        long position = publication.claim(BroadcastRingDescriptor.recordLength(length));
        if (position == OrderedPublication.FULL) {
            memory.getAndAddLong(BroadcastRingDescriptor.FULL_EVENTS_OFFSET, 1);
            return -1;
        }
        return publication.offsetOf(position);
    }

    /** Writes the header of a claimed record whose payload is written, and commits it. */
    private void commit(int at, int length, int type) {
        // plain: published by the release store of the tail in commit()
        memory.putInt(at + MessageFrame.LENGTH_OFFSET, length);
        memory.putInt(at + MessageFrame.TYPE_OFFSET, type);
        publication.commit(length, true);
    }

    /** Gives up a claim whose payload copy failed (published as padding); an abort's own failure goes with the copy's. */
    private void abandon(Throwable copyFailure) {
        try {
            publication.commit(0, false);
        } catch (RuntimeException | Error e) {
            copyFailure.addSuppressed(e);
        }
    }

    private void ensureOpen() {
        lifecycle.enter();
    }

    /** Broadcast records are plain {@link MessageFrame} records. */
    private static final class Format implements OrderedPublication.RecordFormat {
        private final MappedMemory memory;

        Format(MappedMemory memory) {
            this.memory = memory;
        }

        @Override
        public int alignment() {
            return BroadcastRingDescriptor.RECORD_ALIGNMENT;
        }

        @Override
        public void writePadding(int offset, long position, int bytes) {
            memory.putInt(offset + MessageFrame.LENGTH_OFFSET, bytes - MessageFrame.HEADER_LENGTH);
            memory.putInt(offset + MessageFrame.TYPE_OFFSET, MessageFrame.PADDING_TYPE);
        }

        @Override
        public void stamp(int offset, long messagesBefore) {
            // broadcast records carry no sequence
        }
    }
}
