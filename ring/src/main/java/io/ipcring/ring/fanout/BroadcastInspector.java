package io.ipcring.ring.fanout;

import static io.ipcring.ring.fanout.BroadcastRingDescriptor.BYTES_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.CLAIM_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.EPOCH_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.FULL_EVENTS_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.MESSAGES_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.NOT_EMPTY_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.NOT_FULL_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RECORD_ALIGNMENT;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RELEASED_BIT;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RELEASES_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.REPAIRS_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.RETAINED_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_HEARTBEAT_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.SUBSCRIBER_POSITION_OFFSET;
import static io.ipcring.ring.fanout.BroadcastRingDescriptor.TAIL_OFFSET;

import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.ring.internal.RingRegions;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link BroadcastRing}'s state from any process through a read-only mapping, for
 * monitoring tools ({@code ipcring stat}): it never attaches, never takes a slot and never writes,
 * and works while producers and subscribers run (each value is read atomically; together they are
 * a close, not exact, snapshot). Every value read is checked; a corrupted file gives a
 * {@link RingCorruptedException} naming the value, never a wrong-sized allocation or a loop over
 * garbage.
 *
 * <pre>{@code
 * BroadcastInspector.BroadcastInfo info = BroadcastInspector.inspect(Path.of("/dev/shm/prices"));
 * for (BroadcastInspector.SubscriberSlot s : info.subscribers()) {
 *     System.out.println(s.name() + " pid " + s.pid() + (s.alive() ? " alive" : " dead") + " lag " + s.lag());
 * }
 * }</pre>
 */
public final class BroadcastInspector {
    /** A subscriber slot as read, before its position is checked against the tail read after it. */
    private record RawSlot(int slot, String name, long owner, long position, long heartbeat) {
    }

    private BroadcastInspector() {
    }

    /**
     * One subscriber slot in use (attached, or released and not yet noticed or taken over).
     *
     * @param slot              the slot's index
     * @param name              the subscriber's name
     * @param pid               the owner's process id
     * @param alive             whether the owner still runs (same pid and start time)
     * @param released          true when a producer released it for not polling within the
     *                          liveness timeout: it no longer holds the producers back
     * @param position          everything below this position was read
     * @param lag               bytes committed that it has not read: tail minus position (a
     *                          released subscriber may lag more than the capacity: what it missed
     *                          was overwritten)
     * @param heartbeatAgeNanos time since it last polled (or attached), from
     *                          {@link System#nanoTime()}, which on Linux is the system-wide
     *                          monotonic clock and so comparable between processes
     */
    public record SubscriberSlot(int slot, String name, long pid, boolean alive, boolean released, long position,
                                 long lag, long heartbeatAgeNanos) {
        /** @return true when this subscriber holds the producers back (attached and not released), dead or alive */
        public boolean gating() {
            return !released;
        }
    }

    /**
     * What {@link #inspect} found.
     *
     * @param path               the file
     * @param capacity           data capacity in bytes
     * @param maxMessageLength   the largest payload
     * @param producerSlots      the number of producer slots
     * @param subscriberSlots    the number of subscriber slots
     * @param livenessTimeout    how long a subscriber holding the producers back may go without
     *                           polling before it is released
     * @param creatorPid         the process that created the file
     * @param creationTimeMillis when it was created, ms since the epoch
     * @param claim              end of the last claim: producers wrote or are writing below it
     * @param tail               end of the committed records: subscribers may read below it
     * @param retained           the oldest record boundary not yet overwritten (where an
     *                           {@link BroadcastRing.StartPosition#OLDEST} joiner starts)
     * @param gatingPosition     the lowest position of the gating subscribers, the tail when none
     *                           gates: producers may write up to it plus the capacity
     * @param epoch              the gating epoch: how many times a subscriber joined
     * @param producers          the producer slots in use, in slot order
     * @param subscribers        the subscriber slots in use, in slot order
     * @param subscribersWaiting 1 while a subscriber thread announced a futex sleep (waiting for
     *                           messages) that no signal has answered yet, else 0
     * @param producersWaiting   1 while a producer thread announced a futex sleep (waiting for room)
     *                           that no signal has answered yet, else 0
     * @param stats              the statistics counters
     */
    public record BroadcastInfo(Path path, int capacity, int maxMessageLength, int producerSlots, int subscriberSlots,
                                Duration livenessTimeout, long creatorPid, long creationTimeMillis, long claim,
                                long tail, long retained, long gatingPosition, long epoch,
                                List<ProducerSlotInfo> producers, List<SubscriberSlot> subscribers,
                                int subscribersWaiting, int producersWaiting, BroadcastRingStats stats) {
        /** Copies the lists. */
        public BroadcastInfo {
            producers = List.copyOf(producers);
            subscribers = List.copyOf(subscribers);
        }

        /** @return bytes the slowest gating subscriber has not read: how full the ring looks to producers */
        public long fill() {
            return tail - gatingPosition;
        }

        /** @return bytes claimed by producers and not yet committed */
        public long uncommitted() {
            return claim - tail;
        }
    }

    /**
     * Maps a broadcast ring file read-only and reads its state.
     *
     * @param path the file
     * @return the state
     * @throws SharedMemoryException  when the file is missing, unreadable, not an ipcring file or
     *                                not a broadcast ring of this layout version
     * @throws RingCorruptedException when a value in it is impossible
     */
    public static BroadcastInfo inspect(Path path) {
        try (SharedRegion region = RingRegions.openReadOnly(path, FanoutFormats.BROADCAST)) {
            Path file = region.path();
            BroadcastRingOptions options = BroadcastRing.readOptions(region);
            MappedMemory memory = region.memory();
            SubscriberRegistry registry = new SubscriberRegistry(memory, file, options,
                    BroadcastRingDescriptor.dataOffset(options.producerSlots(), options.subscriberSlots()));
            List<ProducerSlotInfo> producers = FanoutReader.producerSlots(memory,
                    BroadcastRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET, options.producerSlots());
            long now = System.nanoTime();
            List<RawSlot> slots = new ArrayList<>();
            for (int i = 0; i < options.subscriberSlots(); i++) {
                int base = registry.slotOffset(i);
                // volatile: pairs with the compare-and-set that attaches, releases or detaches
                long owner = memory.getLongVolatile(base + SUBSCRIBER_OWNER_OFFSET);
                if (owner != ProcessIdentity.NONE) {
                    // acquire: pairs with the subscriber's release stores after each poll
                    long position = memory.getLongAcquire(base + SUBSCRIBER_POSITION_OFFSET);
                    long heartbeat = memory.getLongAcquire(base + SUBSCRIBER_HEARTBEAT_OFFSET);
                    slots.add(new RawSlot(i, registry.readName(i), owner, position, heartbeat));
                }
            }
            // volatile: pairs with the walkers' compare-and-set; read before the tail, so it is below it
            long retained = memory.getLongVolatile(RETAINED_OFFSET);
            FanoutReader.Ends ends = FanoutReader.ends(memory, file, CLAIM_OFFSET, TAIL_OFFSET, options.capacity(),
                    RECORD_ALIGNMENT);
            long tail = ends.tail();
            FanoutReader.checkClaimStarts(file, producers, ends.claim());
            FanoutReader.checkPosition(file, "retained", retained, tail, RECORD_ALIGNMENT);
            List<SubscriberSlot> subscribers = new ArrayList<>();
            long gating = tail;
            for (RawSlot s : slots) {
                long position = FanoutReader.checkPosition(file, "subscriber '" + s.name() + "' (slot " + s.slot()
                        + ") position", s.position(), tail, RECORD_ALIGNMENT);
                boolean released = (s.owner() & RELEASED_BIT) != 0;
                if (!released) {
                    gating = Math.min(gating, position);
                }
                subscribers.add(new SubscriberSlot(s.slot(), s.name(), ProcessIdentity.unpack(s.owner()).pid(),
                        ProcessIdentity.isAlive(s.owner()), released, position, tail - position, now - s.heartbeat()));
            }
            // volatile: pairs with the joiners' atomic add
            long epoch = memory.getLongVolatile(EPOCH_OFFSET);
            if (epoch < 0) {
                throw RingCorruption.corrupted(file, "epoch=" + epoch + " is negative");
            }
            BroadcastRingStats stats = new BroadcastRingStats(
                    FanoutReader.counter(memory, file, MESSAGES_OFFSET, "messages"),
                    FanoutReader.counter(memory, file, BYTES_OFFSET, "bytes"),
                    FanoutReader.counter(memory, file, REPAIRS_OFFSET, "producerRepairs"),
                    FanoutReader.counter(memory, file, FULL_EVENTS_OFFSET, "fullEvents"),
                    FanoutReader.counter(memory, file, RELEASES_OFFSET, "subscriberReleases"));
            return new BroadcastInfo(file, options.capacity(), options.maxMessageLength(), options.producerSlots(),
                    options.subscriberSlots(), Duration.ofNanos(options.livenessTimeoutNanos()), region.creatorPid(),
                    region.creationTimeMillis(), ends.claim(), tail, retained, gating, epoch, producers, subscribers,
                    FanoutReader.waiters(memory, file, NOT_EMPTY_OFFSET, "not-empty"),
                    FanoutReader.waiters(memory, file, NOT_FULL_OFFSET, "not-full"), stats);
        }
    }
}
