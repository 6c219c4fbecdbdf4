package io.ipcring.ring.fanout;

import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the words the broadcast and work-queue rings share, from a read-only mapping of a ring
 * that may be live (producers and consumers running in other processes) or corrupted: for
 * {@link BroadcastInspector} and {@link WorkQueueInspector}. Every value is checked before it is
 * returned; an impossible one throws {@link RingCorruptedException} naming it. Nothing is written.
 */
final class FanoutReader {
    /** How often {@link #ends} re-reads the claim counter looking for a moment without claims. */
    static final int CONSISTENT_READ_ATTEMPTS = 64;

    /**
     * The producers' two positions, read as close together as possible.
     *
     * @param claim end of the last claim
     * @param tail  end of the committed records
     */
    record Ends(long claim, long tail) {
    }

    private FanoutReader() {
    }

    /**
     * Reads the producer slots in use.
     *
     * @param memory      the mapping
     * @param tableOffset the first producer slot
     * @param count       the number of slots, validated by the caller
     * @return the slots whose owner word is not 0, in slot order
     */
    static List<ProducerSlotInfo> producerSlots(MappedMemory memory, int tableOffset, int count) {
        List<ProducerSlotInfo> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int base = tableOffset + i * ProducerSlotDescriptor.LENGTH;
            // volatile: pairs with the compare-and-set that takes or gives back the slot
            long owner = memory.getLongVolatile(base + ProducerSlotDescriptor.OWNER_OFFSET);
            if (owner != ProcessIdentity.NONE) {
                // acquire: pairs with the producer's release stores of its claim start
                long start = memory.getLongAcquire(base + ProducerSlotDescriptor.CLAIM_START_OFFSET);
                slots.add(new ProducerSlotInfo(i, ProcessIdentity.unpack(owner).pid(), ProcessIdentity.isAlive(owner), start));
            }
        }
        return slots;
    }

    /**
     * Checks the claim starts read by {@link #producerSlots} against the claim counter read after
     * them: a start is the claim counter's value at some earlier moment.
     *
     * @param file  the ring, for messages
     * @param slots the producer slots
     * @param claim the claim counter, read after the slots
     */
    static void checkClaimStarts(Path file, List<ProducerSlotInfo> slots, long claim) {
        for (ProducerSlotInfo s : slots) {
            if (s.claiming() && (s.claimStart() < 0 || s.claimStart() > claim)) {
                throw RingCorruption.corrupted(file, "producer slot " + s.slot() + " has claimStart=" + s.claimStart()
                        + ", neither " + ProducerSlotDescriptor.NO_CLAIM_START + " nor in [0, claim=" + claim + "]");
            }
        }
    }

    /**
     * Reads the claim counter, the tail and the claim counter again until no claim happened in
     * between (at most {@value #CONSISTENT_READ_ATTEMPTS} times), so that the pair can be checked
     * exactly: claim - capacity &lt;= tail &lt;= claim. When claims keep coming the last pair is
     * returned and only what holds for any pair is checked (the claim, read after the tail, is
     * not below it).
     *
     * @param memory      the mapping
     * @param file        the ring, for messages
     * @param claimOffset the claim counter
     * @param tailOffset  the tail
     * @param capacity    the data capacity
     * @param alignment   every position is a multiple of it
     * @return the pair
     */
    static Ends ends(MappedMemory memory, Path file, int claimOffset, int tailOffset, int capacity, int alignment) {
        long claim;
        long tail;
        boolean consistent = false;
        int attempt = 0;
        do {
            // volatile: pairs with the producers' claim compare-and-set
            long before = memory.getLongVolatile(claimOffset);
            // acquire: pairs with the committers' release store of the tail
            tail = memory.getLongAcquire(tailOffset);
            claim = memory.getLongVolatile(claimOffset);
            consistent = claim == before;
        } while (!consistent && ++attempt < CONSISTENT_READ_ATTEMPTS);
        if (tail < 0 || claim < tail || (consistent && claim - tail > capacity)
                || (tail & (alignment - 1)) != 0 || (claim & (alignment - 1)) != 0) {
            throw RingCorruption.corrupted(file, "claim=" + claim + " tail=" + tail + ": both must be multiples of "
                    + alignment + ", the claim counter ahead of the tail by at most capacity=" + capacity);
        }
        return new Ends(claim, tail);
    }

    /**
     * Checks a position read before the tail.
     *
     * @param file      the ring, for messages
     * @param what      what the position is, for messages
     * @param position  the position
     * @param tail      the tail, read after it
     * @param alignment positions are multiples of it
     * @return the position
     */
    static long checkPosition(Path file, String what, long position, long tail, int alignment) {
        if (position < 0 || position > tail || (position & (alignment - 1)) != 0) {
            throw RingCorruption.corrupted(file, what + "=" + position + " is not a multiple of " + alignment
                    + " in [0, tail=" + tail + "]");
        }
        return position;
    }

    /**
     * Reads a statistics counter.
     *
     * @param memory the mapping
     * @param file   the ring, for messages
     * @param offset the counter
     * @param name   its name, for messages
     * @return its value, not negative
     */
    static long counter(MappedMemory memory, Path file, int offset, String name) {
        // volatile: pairs with the release stores and atomic adds that maintain the counters
        long value = memory.getLongVolatile(offset);
        if (value < 0) {
            throw RingCorruption.corrupted(file, name + "=" + value + " is negative");
        }
        return value;
    }

    /**
     * Reads whether a thread announced a futex sleep on a signal that no signal has answered yet
     * (the signal keeps no count).
     *
     * @param memory the mapping
     * @param file   the ring, for messages
     * @param offset the signal's futex word
     * @param name   its name, for messages
     * @return 1 while a waiter may be asleep (also when its process died asleep), else 0
     */
    static int waiters(MappedMemory memory, Path file, int offset, String name) {
        // Volatile read: a snapshot for tools, pairs with the waiters' announcing stores.
        int word = memory.getIntVolatile(offset);
        if (word != 0 && word != FutexSignal.SLEEPING) {
            throw RingCorruption.corrupted(file, name + " signal word=" + word + " is neither 0 nor "
                    + FutexSignal.SLEEPING);
        }
        return word;
    }
}
