package io.ipcring.ring.fanout;

import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.BYTES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CLAIM_GENERATION_MASK;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CLAIM_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CONSUMER_GENERATION_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.CONSUMER_SLOT_LENGTH;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.FULL_EVENTS_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.HANDLER_FAILURES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.LENGTH_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.MESSAGES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.NOT_EMPTY_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.NOT_FULL_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.RECORD_ALIGNMENT;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.REDELIVERIES_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.REPAIRS_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.SEQUENCE_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.STATE_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.TAIL_OFFSET;
import static io.ipcring.ring.fanout.WorkQueueRingDescriptor.TYPE_OFFSET;

import io.ipcring.channel.MessageFrame;
import io.ipcring.ring.internal.RingCorruption;
import io.ipcring.ring.internal.RingRegions;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@link WorkQueueRing}'s state (also the file of a {@link RingQueue}) from any process
 * through a read-only mapping, for monitoring tools ({@code ipcring stat}): it never takes a slot,
 * never claims a message and never writes, and works while producers and consumers run (each
 * value is read atomically; together they are a close, not exact, snapshot). It walks the records
 * not yet reclaimed (at most one capacity) to count the waiting, in-flight and finished messages
 * and to name the consumer holding each in-flight one. Every value read is checked; a corrupted
 * file gives a {@link RingCorruptedException} naming the value, never a wrong-sized allocation or
 * a loop over garbage.
 *
 * <p>The work-queue layout has no consumer heartbeat: a consumer is alive while its process
 * runs; a message it holds is redelivered once its process is gone.
 */
public final class WorkQueueInspector {
    /** The most in-flight messages {@link WorkQueueInfo#inFlight()} lists; all are counted. */
    public static final int MAX_LISTED_IN_FLIGHT = 256;

    private WorkQueueInspector() {
    }

    /**
     * One consumer slot in use.
     *
     * @param slot       the slot's index
     * @param pid        the owner's process id
     * @param alive      whether the owner still runs (same pid and start time)
     * @param generation the slot's generation: +1 each time a consumer takes the slot
     * @param inFlight   messages this consumer (this generation of the slot) has claimed and not
     *                   finished
     */
    public record ConsumerSlot(int slot, long pid, boolean alive, long generation, long inFlight) {
    }

    /**
     * A message claimed by a consumer and not yet finished.
     *
     * @param position   the record's position
     * @param sequence   the message's number: messages committed before it
     * @param type       its type
     * @param length     its payload length
     * @param slot       the consumer slot that claimed it
     * @param generation the generation of that slot when it claimed it
     * @param pid        the claiming consumer's process id, 0 when the slot has been taken over
     *                   since (the claimer is gone)
     * @param alive      whether the claiming consumer still runs; when false another consumer
     *                   takes the message over and it is delivered again
     */
    public record InFlight(long position, long sequence, int type, int length, int slot, long generation, long pid,
                           boolean alive) {
    }

    /**
     * What {@link #inspect} found.
     *
     * @param path               the file
     * @param capacity           data capacity in bytes
     * @param maxMessageLength   the largest payload
     * @param producerSlots      the number of producer slots
     * @param consumerSlots      the number of consumer slots
     * @param maxMessages        the bound on messages in the queue, 0 for none (a {@link RingQueue}'s capacity)
     * @param creatorPid         the process that created the file
     * @param creationTimeMillis when it was created, ms since the epoch
     * @param claim              end of the last claim: producers wrote or are writing below it
     * @param tail               end of the committed records
     * @param reclaim            everything below is finished: producers may overwrite it
     * @param dispatch           the dispatch hint: no unclaimed message below it (but for ones given back)
     * @param waiting            committed messages no consumer has claimed yet
     * @param inFlightCount      messages claimed and not yet finished
     * @param finished           messages finished but not reclaimed yet (behind an in-flight one)
     * @param inFlight           the in-flight messages, oldest first, at most {@link #MAX_LISTED_IN_FLIGHT}
     * @param producers          the producer slots in use, in slot order
     * @param consumers          the consumer slots in use, in slot order
     * @param consumersWaiting   1 while a consumer thread announced a futex sleep (waiting for
     *                           messages) that no signal has answered yet, else 0
     * @param producersWaiting   1 while a producer thread announced a futex sleep (waiting for room)
     *                           that no signal has answered yet, else 0
     * @param stats              the statistics counters
     */
    public record WorkQueueInfo(Path path, int capacity, int maxMessageLength, int producerSlots, int consumerSlots,
                                long maxMessages, long creatorPid, long creationTimeMillis, long claim, long tail,
                                long reclaim, long dispatch, long waiting, long inFlightCount, long finished,
                                List<InFlight> inFlight, List<ProducerSlotInfo> producers, List<ConsumerSlot> consumers,
                                int consumersWaiting, int producersWaiting, WorkQueueRingStats stats) {
        /** Copies the lists. */
        public WorkQueueInfo {
            inFlight = List.copyOf(inFlight);
            producers = List.copyOf(producers);
            consumers = List.copyOf(consumers);
        }

        /** @return bytes in use: committed and not yet reclaimed */
        public long fill() {
            return tail - reclaim;
        }

        /** @return bytes claimed by producers and not yet committed */
        public long uncommitted() {
            return claim - tail;
        }

        /** @return messages in the queue: waiting, in flight, or finished and not yet reclaimed */
        public long messages() {
            return waiting + inFlightCount + finished;
        }
    }

    /**
     * The consumer slot table as read before the walk, re-read for a slot whose claim names a
     * generation it did not have then (a consumer that attached meanwhile).
     */
    private static final class Holders {
        private final MappedMemory memory;
        private final Path file;
        private final int tableOffset;
        final long[] owner;
        final long[] generation;
        final boolean[] alive;
        final long[] held;

        Holders(MappedMemory memory, Path file, WorkQueueRingOptions options) {
            this.memory = memory;
            this.file = file;
            this.tableOffset = WorkQueueRingDescriptor.consumerSlotTableOffset(options.producerSlots());
            int slots = options.consumerSlots();
            owner = new long[slots];
            generation = new long[slots];
            alive = new boolean[slots];
            held = new long[slots];
            for (int i = 0; i < slots; i++) {
                read(i);
            }
        }

        /** Reads slot {@code i}: owner before generation, as a consumer deciding on an orphan does. */
        void read(int i) {
            int base = tableOffset + i * CONSUMER_SLOT_LENGTH;
            // volatile: pairs with the compare-and-set that takes or gives back the slot
            long o = memory.getLongVolatile(base + CONSUMER_OWNER_OFFSET);
            // volatile: pairs with the taker's atomic add of the generation
            long g = memory.getLongVolatile(base + CONSUMER_GENERATION_OFFSET);
            if (g < 0) {
                throw RingCorruption.corrupted(file, "consumer slot " + i + " has generation=" + g
                        + ", which only ever grows from 0");
            }
            if (o != owner[i]) {
                alive[i] = o != ProcessIdentity.NONE && ProcessIdentity.isAlive(o);
            }
            owner[i] = o;
            generation[i] = g;
        }

        /** @return true when slot {@code i} has an owner whose generation is {@code claimGeneration} */
        boolean holds(int i, long claimGeneration) {
            return owner[i] != ProcessIdentity.NONE && (generation[i] & CLAIM_GENERATION_MASK) == claimGeneration;
        }

        /** Names the claimer of an in-flight message the way a consumer decides to adopt it. */
        InFlight claimedBy(long position, long state, long sequence, int type, int length) {
            int slot = WorkQueueRingDescriptor.claimSlot(state);
            long claimGeneration = WorkQueueRingDescriptor.claimGeneration(state);
            if (!holds(slot, claimGeneration)) {
                read(slot);
            }
            boolean current = holds(slot, claimGeneration);
            if (current) {
                held[slot]++;
            }
            return new InFlight(position, sequence, type, length, slot, claimGeneration,
                    current ? ProcessIdentity.unpack(owner[slot]).pid() : 0, current && alive[slot]);
        }
    }

    /** What the walk over the records found. */
    private static final class Census {
        long waiting;
        long inFlight;
        long finished;
        final List<InFlight> listed = new ArrayList<>();

        void clear(Holders holders) {
            waiting = 0;
            inFlight = 0;
            finished = 0;
            listed.clear();
            Arrays.fill(holders.held, 0);
        }
    }

    /**
     * Maps a work-queue ring file read-only and reads its state.
     *
     * @param path the file
     * @return the state
     * @throws SharedMemoryException  when the file is missing, unreadable, not an ipcring file or
     *                                not a work-queue ring of this layout version
     * @throws RingCorruptedException when a value in it is impossible
     */
    public static WorkQueueInfo inspect(Path path) {
        try (SharedRegion region = RingRegions.openReadOnly(path, FanoutFormats.WORK_QUEUE)) {
            Path file = region.path();
            WorkQueueRingOptions options = WorkQueueRing.readOptions(region);
            MappedMemory memory = region.memory();
            int dataOffset = WorkQueueRingDescriptor.dataOffset(options.producerSlots(), options.consumerSlots());
            WorkQueueRecords records = new WorkQueueRecords(memory, file, options, dataOffset);
            List<ProducerSlotInfo> producers = FanoutReader.producerSlots(memory,
                    WorkQueueRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET, options.producerSlots());
            Holders holders = new Holders(memory, file, options);
            // both read before the tail, so both are below it
            long dispatch = records.dispatch();
            long reclaim = records.reclaim();
            FanoutReader.Ends ends = FanoutReader.ends(memory, file, CLAIM_OFFSET, TAIL_OFFSET, options.capacity(),
                    RECORD_ALIGNMENT);
            long tail = ends.tail();
            FanoutReader.checkClaimStarts(file, producers, ends.claim());
            FanoutReader.checkPosition(file, "reclaim", reclaim, tail, RECORD_ALIGNMENT);
            FanoutReader.checkPosition(file, "dispatch", dispatch, tail, RECORD_ALIGNMENT);
            Census census = walk(memory, file, records, holders, reclaim, tail, options.capacity());
            List<ConsumerSlot> consumers = new ArrayList<>();
            for (int i = 0; i < options.consumerSlots(); i++) {
                if (holders.owner[i] != ProcessIdentity.NONE) {
                    consumers.add(new ConsumerSlot(i, ProcessIdentity.unpack(holders.owner[i]).pid(), holders.alive[i],
                            holders.generation[i], holders.held[i]));
                }
            }
            WorkQueueRingStats stats = new WorkQueueRingStats(
                    FanoutReader.counter(memory, file, MESSAGES_OFFSET, "messages"),
                    FanoutReader.counter(memory, file, BYTES_OFFSET, "bytes"),
                    FanoutReader.counter(memory, file, REPAIRS_OFFSET, "producerRepairs"),
                    FanoutReader.counter(memory, file, FULL_EVENTS_OFFSET, "fullEvents"),
                    FanoutReader.counter(memory, file, REDELIVERIES_OFFSET, "redeliveries"),
                    FanoutReader.counter(memory, file, HANDLER_FAILURES_OFFSET, "handlerFailures"));
            return new WorkQueueInfo(file, options.capacity(), options.maxMessageLength(), options.producerSlots(),
                    options.consumerSlots(), options.maxMessages(), region.creatorPid(), region.creationTimeMillis(),
                    ends.claim(), tail, reclaim, dispatch, census.waiting, census.inFlight, census.finished,
                    census.listed, producers, consumers,
                    FanoutReader.waiters(memory, file, NOT_EMPTY_OFFSET, "not-empty"),
                    FanoutReader.waiters(memory, file, NOT_FULL_OFFSET, "not-full"), stats);
        }
    }

    /**
     * Walks the records in {@code [reclaim, tail)} (at most one capacity) and sorts each message
     * into waiting, in flight or finished. A record recycled while we look (the reclaim position
     * passed it) is not an error: everything below the new reclaim position is finished and gone,
     * so the census restarts empty from there; the walk still ends at {@code tail}, so it ends.
     */
    private static Census walk(MappedMemory memory, Path file, WorkQueueRecords records, Holders holders, long reclaim,
                               long tail, int capacity) {
        Census census = new Census();
        long p = reclaim;
        long end = Math.min(tail, reclaim + capacity);
        while (p < end) {
            int at = records.offsetOf(p);
            // acquire: pairs with the release stores of the state word (claim, done, given back)
            long state = memory.getLongAcquire(at + STATE_OFFSET);
            int bytes = records.recordBytes(p, tail);
            long sequence = memory.getLong(at + SEQUENCE_OFFSET);
            int length = memory.getInt(at + LENGTH_OFFSET);
            int type = memory.getInt(at + TYPE_OFFSET);
            // the record reads happen before the re-read of reclaim that tells a recycled record
            VarHandle.acquireFence();
            long now = records.reclaim();
            if (now > p) {
                census.clear(holders);
                p = now;
                continue;
            }
            boolean padding = type == MessageFrame.PADDING_TYPE;
            if (bytes < 0 || !records.isValidState(state, p) || sequence < 0 || (padding && state == p)) {
                throw RingCorruption.corrupted(file, records.describe(p, state, tail) + " sequence=" + sequence);
            }
            if (!padding) {
                if (state == p) {
                    census.waiting++;
                } else if (state < 0) {
                    census.inFlight++;
                    InFlight message = holders.claimedBy(p, state, sequence, type, length);
                    if (census.listed.size() < MAX_LISTED_IN_FLIGHT) {
                        census.listed.add(message);
                    }
                } else {
                    census.finished++;
                }
            }
            p += bytes;
        }
        return census;
    }
}
