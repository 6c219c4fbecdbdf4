package io.ipcring.ring.fanout;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.ring.internal.RingWait;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A named subscriber of a {@link BroadcastRing}: receives every message committed while it is
 * attached, in order, handed over in place. Its position lives in its slot in the file and is
 * stored after each {@link #poll} batch; a message whose handler throws is delivered again by the
 * next poll. For one thread at a time. Close it to detach.
 *
 * <p>Poll at least once per liveness timeout while messages arrive (the heartbeat is stored at the
 * start and at the end of every poll, so one batch must not take longer), or a producer that needs
 * the room releases this subscriber: the next poll then throws {@link ChannelClosedException} (the
 * messages it would have read are gone), and the handle is closed.
 */
final class BroadcastSubscriber implements Subscriber {
    private final BroadcastRing ring;
    private final boolean ownsRing;
    private final MappedMemory memory;
    /** What handlers get: a read-only view of the mapping, made once, so a poll allocates nothing. */
    private final ByteBuffer readBuffer;
    private final String name;
    private final int slot;
    private final int slotOffset;
    private final long me;
    private final int capacity;
    private final long mask;
    private final int dataOffset;
    private final int maxMessageLength;
    /** The wait condition of a timed poll, made once: a wait allocates nothing. */
    private final BooleanSupplier news = this::hasNews;
    private long position;
    /** Detached from the slot: released by a producer, found taken by another, or closed. */
    private boolean closed;
    private final EndpointLifecycle lifecycle;
    private final FileWatch watch;

    BroadcastSubscriber(BroadcastRing ring, String name, BroadcastRing.StartPosition start, boolean ownsRing) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        this.ring = ring;
        this.watch = ring.watch();
        this.ownsRing = ownsRing;
        this.memory = ring.memory();
        this.readBuffer = memory.buffer().asReadOnlyBuffer().order(memory.buffer().order());
        this.name = name;
        this.me = ProcessIdentity.current().pack();
        this.capacity = ring.options().capacity();
        this.mask = capacity - 1L;
        this.dataOffset = ring.dataOffset();
        this.maxMessageLength = ring.options().maxMessageLength();
        FanoutIdle.prepareToWait(ring.notEmpty());
        this.slot = ring.registry().attach(name, start);
        this.slotOffset = ring.registry().slotOffset(slot);
        this.position = memory.getLongAcquire(slotOffset + BroadcastRingDescriptor.SUBSCRIBER_POSITION_OFFSET);
        this.lifecycle = EndpointLifecycle.guarded(uri() + ": subscriber closed", this::detach,
                ring.notEmpty()::wakeForClose);
    }

    /**
     * Hands the messages committed since the last poll, up to {@code limit}, to the handler.
     *
     * @throws ChannelClosedException       when this subscriber was released or closed
     * @throws RingCorruptedException when the ring holds an impossible record or position
     */
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
        Objects.requireNonNull(handler, "handler");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        lifecycle.enter();
        ensureAttached();
        // release: pairs with the producers' acquire read in releaseStalled()
        memory.putLongRelease(slotOffset + BroadcastRingDescriptor.SUBSCRIBER_HEARTBEAT_OFFSET, System.nanoTime());
        // acquire: pairs with the committers' release store: every record below it is complete
        long tail = memory.getLongAcquire(BroadcastRingDescriptor.TAIL_OFFSET);
        long p = position;
        if (tail < p || tail - p > capacity) {
            ensureAttached();
            throw RingCorruption.corrupted(ring.path(), "subscriber name='" + name + "' position=" + p
                    + " tail=" + tail + ": the position must be below the tail by at most capacity=" + capacity);
        }
        int delivered = 0;
        try {
            while (p < tail && delivered < limit) {
                int index = (int) (p & mask);
                int at = dataOffset + index;
                int length = memory.getInt(at + MessageFrame.LENGTH_OFFSET);
                int type = memory.getInt(at + MessageFrame.TYPE_OFFSET);
                int bytes = BroadcastRing.recordBytes(index, length, type, capacity, maxMessageLength);
                if (bytes < 0 || p + bytes > tail) {
                    ensureAttached();
                    throw RingCorruption.corrupted(ring.path(), "record at position=" + p + " has length=" + length
                            + " type=" + type + " (tail=" + tail + ", maxMessageLength=" + maxMessageLength + ")");
                }
                if (type != MessageFrame.PADDING_TYPE) {
                    handler.onMessage(type, readBuffer, at + MessageFrame.HEADER_LENGTH, length);
                    delivered++;
                }
                p += bytes;
            }
        } finally {
            if (p != position) {
                position = p;
                // release: pairs with the producers' acquire read in gatingPosition(): our reads of
                // everything below p happen before a producer overwrites it
                memory.putLongRelease(slotOffset + BroadcastRingDescriptor.SUBSCRIBER_POSITION_OFFSET, p);
                // a long batch is activity too: the heartbeat marks its end as well as its start
                memory.putLongRelease(slotOffset + BroadcastRingDescriptor.SUBSCRIBER_HEARTBEAT_OFFSET, System.nanoTime());
                ring.notFull().signal();
            }
        }
        if (delivered > 0) {
            // released while we read: what we handed over may have been overwritten under us
            ensureAttached();
        }
        return delivered;
    }

    /** Like {@link #poll(MessageHandler, int)}, sleeping (futex) until a message arrives or the timeout expires. */
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
        long deadline = Deadline.after(timeout, unit);
        while (true) {
            int delivered = poll(handler, limit);
            if (delivered > 0) {
                return delivered;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return 0;
            }
            RingWait.await(ring.options().waitStrategy(), ring.notEmpty(), news,
                    Deadline.after(Math.min(remaining, FanoutIdle.HOUSEKEEPING_SLICE_NANOS), TimeUnit.NANOSECONDS));
        }
    }

    /** @return the position after the last message handed over (the public view: {@link BroadcastRing#subscribers()}) */
    long position() {
        return position;
    }

    @Override
    public String uri() {
        return ring.uri() + "&subscriber=" + name;
    }

    /**
     * Detaches: the slot is freed and stops gating the producers (and closes the ring if this
     * subscriber opened it); callable from any thread. When another thread may be inside a poll,
     * this is left to it (see {@link EndpointLifecycle}): its poll in progress ends normally, its
     * next throws {@link ChannelClosedException}.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** Gives the slot back, unless the file was truncated under the mapping, and closes an owned ring. */
    private void detach() {
        try {
            if (!closed) {
                closed = true;
                watch.unlessTruncated(() -> ring.registry().detach(slot));
            }
        } finally {
            if (ownsRing) {
                ring.close();
            }
        }
    }

    private boolean hasNews() {
        if (lifecycle.isClosed()) {
            return true;
        }
        // acquire: pairs with the committers' release store of the tail
        return memory.getLongAcquire(BroadcastRingDescriptor.TAIL_OFFSET) != position
                || memory.getLongVolatile(slotOffset + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET) != me;
    }

    private void ensureAttached() {
        if (closed) {
            throw new ChannelClosedException(uri() + ": subscriber closed");
        }
        // volatile: pairs with a producer's compare-and-set that releases us
        long owner = memory.getLongVolatile(slotOffset + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET);
        if (owner == me) {
            return;
        }
        closed = true;
        if (owner == (me | BroadcastRingDescriptor.RELEASED_BIT)) {
            ring.registry().detach(slot);
            throw new ChannelClosedException(uri() + ": released by a producer: it had not polled for livenessTimeout="
                    + TimeUnit.NANOSECONDS.toMillis(ring.options().livenessTimeoutNanos()) + " ms while holding the ring full; messages after position="
                    + position + " were skipped");
        }
        throw RingCorruption.corrupted(ring.path(), "subscriber name='" + name + "' slot " + slot
                + " has owner=0x" + Long.toHexString(owner) + " while this process (0x" + Long.toHexString(me) + ") holds it");
    }
}
