package io.ipcring.ring.fanout;

import static io.ipcring.ring.fanout.BroadcastRingDescriptor.ATTACH_LOCK_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.CLAIM_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.EPOCH_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.NAME_MAX_BYTES;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RELEASED_BIT;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RELEASES_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RETAINED_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_HEARTBEAT_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_NAME_LENGTH_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_NAME_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_POSITION_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_SLOT_LENGTH;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.TAIL_OFFSET;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.ring.fanout.BroadcastRing.SubscriberInfo;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RobustMutex;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber slot table of a {@link BroadcastRing}: attaching and detaching by name, the
 * lowest attached position that gates the producers, releasing stalled subscribers, and the
 * oldest retained record boundary where {@link StartPosition#OLDEST} joiners start. The
 * algorithms are described on {@link BroadcastRing}; slot layout in
 * {@link BroadcastRingDescriptor}.
 *
 * <p>Owner word states: 0 = free; a {@link ProcessIdentity#pack() packed identity} = attached,
 * gating; a packed identity with {@link BroadcastRingDescriptor#RELEASED_BIT} = released by a
 * producer, not gating, freed by its owner's next poll or taken over once its owner is dead.
 *
 * <p>Attaching holds the ring's attach lock, a {@link RobustMutex} at
 * {@link BroadcastRingDescriptor#ATTACH_LOCK_OFFSET}: an attacher that died holding it is taken
 * over, and what it left needs no repair, since every step of an attach leaves the table in one
 * of the states above.
 */
final class SubscriberRegistry {
    /** How long attaching waits for the attach lock held by a live process. */
    static final long ATTACH_LOCK_TIMEOUT_NANOS = 10_000_000_000L;
    /** Reads of the claim counter, the tail and the counter again before a moving counter is taken for a live ring. */
    private static final int CONSISTENT_READ_ATTEMPTS = 100;

    private final MappedMemory memory;
    private final Path file;
    private final int capacity;
    private final long mask;
    private final int maxMessageLength;
    private final int dataOffset;
    private final int slotTable;
    private final int slotCount;
    private final long livenessTimeoutNanos;
    private final long me;
    private final RobustMutex attachLock;

    SubscriberRegistry(MappedMemory memory, Path file, BroadcastRingOptions options, int dataOffset) {
        this.memory = memory;
        this.file = file;
        this.capacity = options.capacity();
        this.mask = capacity - 1L;
        this.maxMessageLength = options.maxMessageLength();
        this.dataOffset = dataOffset;
        this.slotTable = BroadcastRingDescriptor.subscriberSlotTableOffset(options.producerSlots());
        this.slotCount = options.subscriberSlots();
        this.livenessTimeoutNanos = options.livenessTimeoutNanos();
        this.me = ProcessIdentity.current().pack();
        this.attachLock = RobustMutex.attach(memory, ATTACH_LOCK_OFFSET);
    }

    int slotOffset(int slot) {
        return slotTable + slot * SUBSCRIBER_SLOT_LENGTH;
    }

    /** @return the gating epoch; read it before {@link #gatingPosition()} */
    long epoch() {
        // volatile: pairs with the joiners' getAndAdd after they registered their position
        return memory.getLongVolatile(EPOCH_OFFSET);
    }

    /**
     * @return the lowest position of the attached subscribers, or the tail when none is
     *         attached: producers may write below it plus the capacity
     */
    long gatingPosition() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < slotCount; i++) {
            int base = slotOffset(i);
            // volatile: pairs with the compare-and-set that attaches or releases a subscriber
            if (gates(memory.getLongVolatile(base + SUBSCRIBER_OWNER_OFFSET))) {
                // acquire: pairs with the subscriber's release store after reading: its reads of
                // everything below this position happen before a producer overwrites it
                min = Math.min(min, memory.getLongAcquire(base + SUBSCRIBER_POSITION_OFFSET));
            }
        }
        // acquire: pairs with the committers' release store of the tail
        long tail = memory.getLongAcquire(TAIL_OFFSET);
        if (min == Long.MAX_VALUE) {
            return tail;
        }
        if (min > tail || min < 0) {
            throw RingCorruption.corrupted(file, "a subscriber position=" + min + " is outside [0, tail=" + tail + "]");
        }
        return min;
    }

    /**
     * Releases every attached subscriber below {@code needed} whose heartbeat is older than the
     * liveness timeout.
     *
     * @param needed the lowest position a producer wants to overwrite
     * @return how many were released
     */
    int releaseStalled(long needed) {
        long now = System.nanoTime();
        int released = 0;
        for (int i = 0; i < slotCount; i++) {
            int base = slotOffset(i);
            long owner = memory.getLongVolatile(base + SUBSCRIBER_OWNER_OFFSET);
            if (!gates(owner) || memory.getLongAcquire(base + SUBSCRIBER_POSITION_OFFSET) >= needed) {
                continue;
            }
            // acquire: pairs with the subscriber's release store of its heartbeat
            long age = now - memory.getLongAcquire(base + SUBSCRIBER_HEARTBEAT_OFFSET);
            // a heartbeat far in the future is as impossible as a stale one: release either way
            if ((age > livenessTimeoutNanos || age < -livenessTimeoutNanos)
                    // CAS: pairs with the owner's checks in poll and with attach's compare-and-set
                    && memory.compareAndSetLong(base + SUBSCRIBER_OWNER_OFFSET, owner, owner | RELEASED_BIT)) {
                memory.getAndAddLong(RELEASES_OFFSET, 1);
                released++;
            }
        }
        return released;
    }

    /**
     * Attaches a subscriber.
     *
     * @param name  the name
     * @param start where a new subscriber starts
     * @return the slot index, owned by this process
     */
    int attach(String name, StartPosition start) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length > NAME_MAX_BYTES) {
            throw new IllegalArgumentException("name='" + name + "' must have 1 to " + NAME_MAX_BYTES + " UTF-8 bytes");
        }
        lockAttach();
        try {
            while (true) {
                int slot = attachOnce(name, nameBytes, start);
                if (slot >= 0) {
                    return slot;
                }
            }
        } finally {
            attachLock.unlock();
        }
    }

    /**
     * Takes the attach lock, from a dead holder too; an interrupt neither stops the wait nor is
     * lost.
     *
     * @throws IllegalStateException   when a live process held it for {@link #ATTACH_LOCK_TIMEOUT_NANOS}
     * @throws RingCorruptedException  when its lock word names no process
     */
    private void lockAttach() {
        RobustMutex.LockResult locked;
        try {
            locked = attachLock.tryLockUninterruptibly(ATTACH_LOCK_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        } catch (IllegalStateException e) {
            throw RingCorruption.corrupted(file, "attach lock: " + e.getMessage());
        }
        if (!locked.isAcquired()) {
            throw new IllegalStateException(file + ": the attach lock has been held by pid=" + attachLock.ownerPid()
                    + " for more than " + TimeUnit.NANOSECONDS.toMillis(ATTACH_LOCK_TIMEOUT_NANOS) + " ms");
        }
    }

    /** @return whether a subscriber owner word gates the producers: attached and not released */
    private static boolean gates(long owner) {
        return owner != 0 && (owner & RELEASED_BIT) == 0;
    }

    /** One attempt; -1 when a producer changed a slot under us (a one-way transition: retry). */
    private int attachOnce(String name, byte[] nameBytes, StartPosition start) {
        int named = findByName(nameBytes);
        if (named >= 0) {
            int base = slotOffset(named);
            long owner = memory.getLongVolatile(base + SUBSCRIBER_OWNER_OFFSET);
            if (owner == 0) {
                return -1;
            }
            if (ProcessIdentity.isAlive(owner)) {
                throw new RingSlotsTakenException(file + ": subscriber name='" + name + "' is attached by pid="
                        + ProcessIdentity.unpack(owner).pid() + ((owner & RELEASED_BIT) != 0 ? " (released, not yet noticed)" : ""));
            }
            if (gates(owner)) {
                // its owner died while attached: the slot has gated the producers all along, so
                // its position is intact; resume there
                checkResumePosition(name, memory.getLongAcquire(base + SUBSCRIBER_POSITION_OFFSET));
                memory.putLongRelease(base + SUBSCRIBER_HEARTBEAT_OFFSET, System.nanoTime());
                // CAS: fails if a producer released the slot meanwhile
                return memory.compareAndSetLong(base + SUBSCRIBER_OWNER_OFFSET, owner, me) ? named : -1;
            }
            return join(named, owner, start) ? named : -1;
        }
        for (int i = 0; i < slotCount; i++) {
            if (memory.getLongVolatile(slotOffset(i) + SUBSCRIBER_OWNER_OFFSET) == 0) {
                writeName(i, nameBytes);
                return join(i, 0, start) ? i : -1;
            }
        }
        for (int i = 0; i < slotCount; i++) {
            int base = slotOffset(i);
            long owner = memory.getLongVolatile(base + SUBSCRIBER_OWNER_OFFSET);
            if (owner != 0 && !ProcessIdentity.isAlive(owner)) {
                if (gates(owner)) {
                    // stop it gating before its position and name are rewritten
                    if (!memory.compareAndSetLong(base + SUBSCRIBER_OWNER_OFFSET, owner, owner | RELEASED_BIT)) {
                        return -1;
                    }
                    memory.getAndAddLong(RELEASES_OFFSET, 1);
                    owner |= RELEASED_BIT;
                }
                writeName(i, nameBytes);
                return join(i, owner, start) ? i : -1;
            }
        }
        throw new RingSlotsTakenException(file + ": all subscriberSlots=" + slotCount + " are attached by running processes");
    }

    /**
     * Makes slot {@code slot} gate from a start position that no producer has overwritten, and
     * cannot overwrite with a gate computed before the join.
     */
    private boolean join(int slot, long expectedOwner, StartPosition start) {
        int base = slotOffset(slot);
        long position = startPosition(start);
        // release: the slot does not gate yet; ordered before the owner compare-and-set
        memory.putLongRelease(base + SUBSCRIBER_POSITION_OFFSET, position);
        memory.putLongRelease(base + SUBSCRIBER_HEARTBEAT_OFFSET, System.nanoTime());
        // CAS: from here the slot gates; pairs with the volatile owner reads in gatingPosition()
        if (!memory.compareAndSetLong(base + SUBSCRIBER_OWNER_OFFSET, expectedOwner, me)) {
            return false;
        }
        // atomic add (full fence): pairs with the producers' epoch read after their claim: a
        // producer whose cached gate predates this add either claimed before our claim read
        // below (we see its claim) or reads the new epoch after claiming and re-gates
        memory.getAndAddLong(EPOCH_OFFSET, 1);
        while (true) {
            // volatile: pairs with the producers' claim compare-and-set
            long claim = memory.getLongVolatile(CLAIM_OFFSET);
            if (claim - position <= capacity) {
                return true;
            }
            // a claim already reaches into our start: start later; moving forward is always safe
            position = startPosition(start);
            memory.putLongVolatile(base + SUBSCRIBER_POSITION_OFFSET, position);
        }
    }

    /**
     * @param start the joiner's choice
     * @return the tail, or the oldest retained record boundary
     */
    long startPosition(StartPosition start) {
        long tail;
        long claim;
        for (int attempt = 0; ; attempt++) {
            // volatile: pairs with the producers' claim compare-and-set
            long before = memory.getLongVolatile(CLAIM_OFFSET);
            // acquire: pairs with the committers' release store of the tail
            tail = memory.getLongAcquire(TAIL_OFFSET);
            claim = memory.getLongVolatile(CLAIM_OFFSET);
            if (claim == before) {
                // no claim around the tail read: the pair is consistent and must be possible
                if (claim < tail || claim - tail > capacity) {
                    throw RingCorruption.corrupted(file, "claim=" + claim + " tail=" + tail
                            + ": the claim counter must be ahead of the tail by at most capacity=" + capacity);
                }
                break;
            }
            if (attempt >= CONSISTENT_READ_ATTEMPTS) {
                break; // claims keep coming: a live ring; the join loop re-checks its start anyway
            }
        }
        if (start == StartPosition.LATEST) {
            return tail;
        }
        advanceRetained(claim - capacity, claim - capacity);
        long retained = memory.getLongVolatile(RETAINED_OFFSET);
        if (retained < 0 || retained > memory.getLongAcquire(TAIL_OFFSET)
                || (retained & (BroadcastRingDescriptor.RECORD_ALIGNMENT - 1)) != 0) {
            throw RingCorruption.corrupted(file, "retained=" + retained + " is not an aligned position below the tail");
        }
        return retained;
    }

    /**
     * Moves the oldest retained record boundary to at least {@code needed}, walking record by
     * record, and on up to {@code limit} (at most an eighth of the capacity beyond
     * {@code needed}) so that one compare-and-set serves many claims. Producers call it before
     * overwriting below {@code needed}; everything walked is committed (below {@code limit}, at
     * most the tail) and intact (a writer advances this first).
     *
     * @param needed the position the boundary must reach
     * @param limit  where the walk may go on to, at least {@code needed}, at most the tail
     */
    void advanceRetained(long needed, long limit) {
        long target = Math.max(needed, Math.min(limit, needed + capacity / 8));
        while (true) {
            // volatile: pairs with the compare-and-set of other producers and joiners
            long retained = memory.getLongVolatile(RETAINED_OFFSET);
            if (retained >= needed) {
                return;
            }
            long p = retained;
            while (p < needed || p < target) {
                int index = (int) (p & mask);
                int length = memory.getInt(dataOffset + index + MessageFrame.LENGTH_OFFSET);
                int type = memory.getInt(dataOffset + index + MessageFrame.TYPE_OFFSET);
                int bytes = BroadcastRing.recordBytes(index, length, type, capacity, maxMessageLength);
                // producers advance it before every overwrite, so it never lags a capacity behind
                // (twice leaves room for the claims in flight); further behind it was overwritten
                boolean impossible = retained < 0 || needed - retained > 2L * capacity
                        || (p & (BroadcastRingDescriptor.RECORD_ALIGNMENT - 1)) != 0;
                if (bytes < 0 || impossible) {
                    // the header reads happen before the re-read that tells a stale read from corruption
                    VarHandle.acquireFence();
                    if (memory.getLongVolatile(RETAINED_OFFSET) != retained) {
                        break; // a stale read: another walker moved on and the record was overwritten
                    }
                    throw RingCorruption.corrupted(file, "record at position=" + p + " (retained=" + retained
                            + ") has length=" + length + " type=" + type);
                }
                if (p >= needed && p + bytes > target) {
                    break;
                }
                p += bytes;
            }
            // CAS: pairs with the other walkers; a walk over records overwritten meanwhile loses here
            if (p > retained) {
                memory.compareAndSetLong(RETAINED_OFFSET, retained, p);
            }
        }
    }

    /**
     * Frees a slot this process owns (attached or released).
     *
     * @param slot the slot
     */
    void detach(int slot) {
        int base = slotOffset(slot);
        // CAS: pairs with the producers' owner reads; whichever state the slot is in, it is ours
        if (!memory.compareAndSetLong(base + SUBSCRIBER_OWNER_OFFSET, me, 0)) {
            memory.compareAndSetLong(base + SUBSCRIBER_OWNER_OFFSET, me | RELEASED_BIT, 0);
        }
    }

    /** @return the slots in use */
    List<SubscriberInfo> snapshot() {
        List<SubscriberInfo> result = new ArrayList<>();
        for (int i = 0; i < slotCount; i++) {
            int base = slotOffset(i);
            long owner = memory.getLongVolatile(base + SUBSCRIBER_OWNER_OFFSET);
            if (owner != 0) {
                result.add(new SubscriberInfo(readName(i), ProcessIdentity.unpack(owner).pid(),
                        memory.getLongAcquire(base + SUBSCRIBER_POSITION_OFFSET), (owner & RELEASED_BIT) != 0));
            }
        }
        return result;
    }

    private void checkResumePosition(String name, long position) {
        long tail = memory.getLongAcquire(TAIL_OFFSET);
        long claim = memory.getLongVolatile(CLAIM_OFFSET);
        if (position < 0 || position > tail || claim - position > capacity
                || (position & (BroadcastRingDescriptor.RECORD_ALIGNMENT - 1)) != 0) {
            throw RingCorruption.corrupted(file, "subscriber name='" + name + "' has position=" + position
                    + ", not an aligned position in [claim - capacity, tail] = [" + (claim - capacity) + ", " + tail + "]");
        }
    }

    private int findByName(byte[] nameBytes) {
        for (int i = 0; i < slotCount; i++) {
            if (memory.getLongVolatile(slotOffset(i) + SUBSCRIBER_OWNER_OFFSET) != 0
                    && Arrays.equals(readNameBytes(i), nameBytes)) {
                return i;
            }
        }
        return -1;
    }

    private void writeName(int slot, byte[] nameBytes) {
        int base = slotOffset(slot);
        memory.putBytes(base + SUBSCRIBER_NAME_OFFSET, nameBytes, 0, nameBytes.length);
        memory.putInt(base + SUBSCRIBER_NAME_LENGTH_OFFSET, nameBytes.length);
    }

    private byte[] readNameBytes(int slot) {
        int base = slotOffset(slot);
        int length = memory.getInt(base + SUBSCRIBER_NAME_LENGTH_OFFSET);
        if (length < 0 || length > NAME_MAX_BYTES) {
            throw RingCorruption.corrupted(file, "subscriber slot " + slot + " has nameLength=" + length
                    + " outside [0, " + NAME_MAX_BYTES + "]");
        }
        byte[] bytes = new byte[length];
        memory.getBytes(base + SUBSCRIBER_NAME_OFFSET, bytes, 0, length);
        return bytes;
    }

    /**
     * @param slot a slot index below the slot count
     * @return the name stored in the slot (malformed UTF-8 is replaced, never rejected)
     * @throws RingCorruptedException when the stored name length is out of range
     */
    String readName(int slot) {
        return new String(readNameBytes(slot), StandardCharsets.UTF_8);
    }
}
