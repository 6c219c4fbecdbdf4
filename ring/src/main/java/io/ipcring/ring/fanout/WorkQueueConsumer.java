package io.ipcring.ring.fanout;

import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CONSUMER_GENERATION_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.DONE_BIT;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.LENGTH_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.RECORD_HEADER_LENGTH;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.STATE_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.TYPE_OFFSET;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.internal.EndpointLifecycle;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.ring.internal.RingWait;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Takes messages from a {@link WorkQueueRing}: each message goes to one consumer, handed over in
 * place. Holds a consumer slot while open. For one thread at a time; any number of consumers (in
 * any processes, up to the slot count) may take from the same ring. See {@link WorkQueueRing} for
 * the algorithm and the delivery guarantees.
 */
final class WorkQueueConsumer implements Subscriber {
    /** How often a consumer looks for messages held by dead consumers. */
    static final long ORPHAN_CHECK_INTERVAL_NANOS = 50_000_000L;
    /** How many times one scan restarts because the ring was recycled under it before giving up. */
    private static final int MAX_RESTARTS = 64;

    private final WorkQueueRing ring;
    private final boolean ownsRing;
    private final MappedMemory memory;
    /** What handlers get: a read-only view of the mapping, made once, so a poll allocates nothing. */
    private final ByteBuffer readBuffer;
    private final WorkQueueRecords records;
    private final int slotCount;
    private final int slot;
    private final int slotOffset;
    private final long me;
    private final long generation;
    private final long claim;
    /** The wait condition of {@link #awaitMessage}: one object, so a wait allocates nothing. */
    private final BooleanSupplier mayHaveWaiting;
    private long lastOrphanCheck;
    /** Detached from the slot: found taken by another, or closed. */
    private boolean closed;
    private final EndpointLifecycle lifecycle;
    private final FileWatch watch;

    /**
     * @param ring     the ring
     * @param ownsRing close the ring with this consumer
     * @param guarded  false for a {@link RingQueue}'s consumer, which the queue never closes while
     *                 a call is in progress (see {@link EndpointLifecycle#unguarded})
     */
    WorkQueueConsumer(WorkQueueRing ring, boolean ownsRing, boolean guarded) {
        this.ring = ring;
        this.watch = ring.watch();
        this.ownsRing = ownsRing;
        this.memory = ring.memory();
        this.readBuffer = memory.buffer().asReadOnlyBuffer().order(memory.buffer().order());
        this.records = ring.records();
        this.mayHaveWaiting = this::closedOrMayHaveWaiting;
        this.slotCount = ring.options().consumerSlots();
        this.me = ProcessIdentity.current().pack();
        FanoutIdle.prepareToWait(ring.notEmpty());
        this.slot = acquireSlot();
        this.slotOffset = slotOffset(slot);
        // atomic add: pairs with the generation reads in isOrphan(): claims of the slot's earlier
        // owners no longer match it
        this.generation = memory.getAndAddLong(slotOffset + CONSUMER_GENERATION_OFFSET, 1) + 1;
        this.claim = WorkQueueRingDescriptor.claimed(slot, generation);
        this.lastOrphanCheck = System.nanoTime() - ORPHAN_CHECK_INTERVAL_NANOS;
        this.lifecycle = guarded
                ? EndpointLifecycle.guarded(uri() + ": consumer closed", this::detach,
                        ring.notEmpty()::wakeForClose)
                : EndpointLifecycle.unguarded(uri() + ": consumer closed", this::detach);
    }

    /**
     * Takes up to {@code limit} waiting messages, one at a time, and hands each to the handler;
     * also takes over, at most every {@value #ORPHAN_CHECK_INTERVAL_NANOS} ns, a message held by a
     * dead consumer. A message whose handler returns is done; if the handler throws, that message
     * is given back for redelivery and the exception propagates.
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
        ensureOwned();
        int delivered = 0;
        try {
            long now = System.nanoTime();
            if (now - lastOrphanCheck >= ORPHAN_CHECK_INTERVAL_NANOS) {
                lastOrphanCheck = now;
                long adopted = adoptOrphan();
                if (adopted >= 0) {
                    deliver(adopted, handler);
                    delivered++;
                }
            }
            while (delivered < limit) {
                long position = claimNext();
                if (position < 0) {
                    break;
                }
                deliver(position, handler);
                delivered++;
            }
        } finally {
            if (delivered > 0) {
                ring.notFull().signal();
            }
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
            if (delivered > 0 || !awaitMessage(deadline)) {
                return delivered;
            }
        }
    }

    /**
     * Sleeps until a message may be waiting, at most until the deadline and at most one
     * housekeeping slice (so a dead consumer's message is found soon).
     *
     * @param deadline the {@link System#nanoTime()} to give up at
     * @return false when the deadline passed
     * @throws InterruptedException if interrupted while asleep
     */
    boolean awaitMessage(long deadline) throws InterruptedException {
        try {
            try {
                return watch.succeeded(awaitMessageNow(deadline));
            } catch (RuntimeException | InternalError e) {
                throw watch.translate(e);
            }
        } catch (InternalError late) {
            // on Java 17 the fault may be reported as the handler above starts
            throw watch.translate(late);
        }
    }

    private boolean awaitMessageNow(long deadline) throws InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        RingWait.await(ring.options().waitStrategy(), ring.notEmpty(), mayHaveWaiting,
                Deadline.after(Math.min(remaining, FanoutIdle.HOUSEKEEPING_SLICE_NANOS), TimeUnit.NANOSECONDS));
        return true;
    }

    @Override
    public String uri() {
        return ring.uri();
    }

    /**
     * Gives the consumer slot back (and closes the ring if this consumer opened it); callable
     * from any thread. When another thread may be inside a poll, this is left to it (see
     * {@link EndpointLifecycle}): its poll in progress ends normally, its next throws
     * {@link ChannelClosedException}.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** The wait condition of {@link #awaitMessage}: a close ends the wait too. */
    private boolean closedOrMayHaveWaiting() {
        return lifecycle.isClosed() || records.mayHaveWaiting();
    }

    /** Gives the slot back, unless the file was truncated under the mapping, and closes an owned ring. */
    private void detach() {
        try {
            if (!closed) {
                closed = true;
                // CAS: pairs with acquireSlot() of a later consumer and with isOrphan()
                watch.unlessTruncated(() -> memory.compareAndSetLong(slotOffset + CONSUMER_OWNER_OFFSET, me, ProcessIdentity.NONE));
            }
        } finally {
            if (ownsRing) {
                ring.close();
            }
        }
    }

    private void deliver(long position, MessageHandler handler) {
        int at = records.offsetOf(position);
        int length = memory.getInt(at + LENGTH_OFFSET);
        int type = memory.getInt(at + TYPE_OFFSET);
        try {
            handler.onMessage(type, readBuffer, at + RECORD_HEADER_LENGTH, length);
        } catch (RuntimeException | Error e) {
            giveBack(position);
            throw e;
        }
        // release: pairs with the acquire read of the state in advanceReclaim(): our reads of the
        // payload happen before a producer may overwrite it
        memory.putLongRelease(at + STATE_OFFSET, position | DONE_BIT);
        records.advanceReclaim();
    }

    private void giveBack(long position) {
        // release: pairs with the consumers' acquire read of the state: the record is unclaimed again
        memory.putLongRelease(records.offsetOf(position) + STATE_OFFSET, position);
        records.lowerDispatch(position);
        memory.getAndAddLong(WorkQueueRingDescriptor.HANDLER_FAILURES_OFFSET, 1);
        ring.notEmpty().signal();
    }

    /**
     * Claims the oldest unclaimed record from the dispatch hint on.
     *
     * @return its position, or -1 when none is waiting
     */
    private long claimNext() {
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            long dispatch = records.dispatch();
            long reclaim = records.reclaim();
            long tail = records.tail();
            long start = Math.max(dispatch, reclaim);
            if (start > tail || dispatch < 0) {
                throw RingCorruption.corrupted(ring.path(), "dispatch=" + dispatch + " reclaim=" + reclaim
                        + " tail=" + tail + ": dispatch and reclaim must be in [0, tail]");
            }
            // a record beyond one capacity from where we start cannot be in this lap: look there next time
            long end = Math.min(tail, start + records.capacity());
            long p = start;
            boolean stale = false;
            while (p < end) {
                int at = records.offsetOf(p);
                // acquire: pairs with the release stores of the state word and the committers' tail release
                long state = memory.getLongAcquire(at + STATE_OFFSET);
                int bytes = records.recordBytes(p, tail);
                if (state == p && bytes > 0 && !records.isPadding(p)) {
                    // CAS: hands record p to this consumer alone; pairs with the other consumers'
                    // compare-and-set and with the walkers' state reads
                    if (memory.compareAndSetLong(at + STATE_OFFSET, p, claim)) {
                        records.advanceDispatch(dispatch, p + bytes);
                        return p;
                    }
                    continue; // another consumer took it: read its state again
                }
                VarHandle.acquireFence();
                if (records.reclaim() > p) {
                    stale = true; // p was recycled while we looked: what we read may be a later lap's
                    break;
                }
                if (bytes < 0 || !records.isValidState(state, p) || state == p) {
                    throw RingCorruption.corrupted(ring.path(), records.describe(p, state, tail));
                }
                p += bytes;
            }
            if (!stale) {
                // no unclaimed record below p: move the hint so waiters' condition turns false
                records.advanceDispatch(dispatch, p);
                return -1;
            }
        }
        return -1;
    }

    /**
     * Walks the records not yet reclaimed for one held by a dead consumer (or left unclaimed
     * behind the dispatch hint by a consumer that died while giving it back) and claims it.
     *
     * @return its position, or -1
     */
    private long adoptOrphan() {
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            long reclaim = records.reclaim();
            long dispatch = records.dispatch();
            long tail = records.tail();
            long end = Math.min(tail, reclaim + records.capacity());
            long p = reclaim;
            boolean stale = false;
            while (p < end) {
                int at = records.offsetOf(p);
                // acquire: pairs with the release stores of the state word
                long state = memory.getLongAcquire(at + STATE_OFFSET);
                int bytes = records.recordBytes(p, tail);
                VarHandle.acquireFence();
                if (records.reclaim() > p) {
                    stale = true;
                    break;
                }
                if (bytes < 0 || !records.isValidState(state, p)) {
                    throw RingCorruption.corrupted(ring.path(), records.describe(p, state, tail));
                }
                boolean stranded = state == p && p < dispatch && !records.isPadding(p);
                boolean orphaned = state < 0 && isOrphan(state);
                // CAS: from the value seen; only one adopter wins, and a live claimer never loses its claim
                if ((stranded || orphaned) && memory.compareAndSetLong(at + STATE_OFFSET, state, claim)) {
                    if (orphaned) {
                        memory.getAndAddLong(WorkQueueRingDescriptor.REDELIVERIES_OFFSET, 1);
                    }
                    return p;
                }
                p += bytes;
            }
            if (!stale) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether a claim belongs to a consumer incarnation that is gone. */
    private boolean isOrphan(long state) {
        int holder = WorkQueueRingDescriptor.claimSlot(state);
        long claimGeneration = WorkQueueRingDescriptor.claimGeneration(state);
        if (holder == slot) {
            return claimGeneration != (generation & WorkQueueRingDescriptor.CLAIM_GENERATION_MASK);
        }
        int base = slotOffset(holder);
        // owner before generation: a new owner stores its generation after taking the slot, so a
        // half-seen takeover looks alive (adopted a little later), never the reverse
        long owner = memory.getLongVolatile(base + CONSUMER_OWNER_OFFSET);
        long slotGeneration = memory.getLongVolatile(base + CONSUMER_GENERATION_OFFSET);
        if ((slotGeneration & WorkQueueRingDescriptor.CLAIM_GENERATION_MASK) != claimGeneration) {
            return true;
        }
        return !ProcessIdentity.isAlive(owner);
    }

    private int acquireSlot() {
        for (int i = 0; i < slotCount; i++) {
            int base = slotOffset(i);
            // CAS: pairs with other consumers taking or giving back slots
            if (memory.getLongVolatile(base + CONSUMER_OWNER_OFFSET) == ProcessIdentity.NONE
                    && memory.compareAndSetLong(base + CONSUMER_OWNER_OFFSET, ProcessIdentity.NONE, me)) {
                return i;
            }
        }
        for (int i = 0; i < slotCount; i++) {
            int base = slotOffset(i);
            long owner = memory.getLongVolatile(base + CONSUMER_OWNER_OFFSET);
            if (owner != ProcessIdentity.NONE && !ProcessIdentity.isAlive(owner)
                    && memory.compareAndSetLong(base + CONSUMER_OWNER_OFFSET, owner, me)) {
                return i;
            }
        }
        throw new RingSlotsTakenException(ring.path() + ": all consumerSlots=" + slotCount + " are held by running processes");
    }

    private void ensureOwned() {
        lifecycle.enter();
        if (closed) {
            throw new ChannelClosedException(uri() + ": consumer closed");
        }
        // volatile: pairs with the compare-and-set that took the slot
        long owner = memory.getLongVolatile(slotOffset + CONSUMER_OWNER_OFFSET);
        if (owner != me) {
            closed = true;
            throw RingCorruption.corrupted(ring.path(), "consumer slot " + slot + " has owner=0x" + Long.toHexString(owner)
                    + " while this process (0x" + Long.toHexString(me) + ") holds it");
        }
    }

    private int slotOffset(int index) {
        return WorkQueueRingDescriptor.consumerSlotTableOffset(ring.options().producerSlots())
                + index * WorkQueueRingDescriptor.CONSUMER_SLOT_LENGTH;
    }
}
