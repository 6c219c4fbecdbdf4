package io.ipcring.ring.unicast;

import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.internal.RingRegions;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ring's state from any process through a read-only mapping, for monitoring tools
 * ({@code ipcring stat}): it never attaches, never writes, and works while producers and the
 * consumer run (each value is read atomically; together they are a close, not exact, snapshot).
 */
public final class RingInspector {
    private RingInspector() {
    }

    /**
     * What {@link #inspect} found.
     *
     * @param path              the file
     * @param kind              "spsc" or "mpsc"
     * @param capacity          data capacity in bytes
     * @param maxMessageLength  largest payload
     * @param producerSlots     producer slots (0 for SPSC)
     * @param creatorPid        the process that created the file
     * @param creationTimeMillis when it was created, ms since the epoch
     * @param head              position up to which space is free for producers
     * @param consumed          position up to which messages were acknowledged
     * @param producerPosition  SPSC: the end of the committed records (a live producer stores its
     *                          tail only every 4 KiB, so the inspector walks the record headers
     *                          after it); MPSC: the claim, up to which producers claimed
     * @param consumerWaiting   true when the consumer announced a futex sleep
     * @param producerWaiting   true when a producer announced a futex sleep
     * @param consumerPid       the attached consumer's pid, 0 when none
     * @param producerPids      the attached producers' pids (SPSC: 0 or 1 entry)
     * @param stats             the statistics counters
     */
    public record RingInfo(Path path, String kind, int capacity, int maxMessageLength, int producerSlots,
                           long creatorPid, long creationTimeMillis, long head, long consumed,
                           long producerPosition, boolean consumerWaiting, boolean producerWaiting,
                           long consumerPid, List<Long> producerPids, UnicastRingStats stats) {
        /** @return bytes between the consumer and the producers: claimed or unread data */
        public long fill() {
            return producerPosition - consumed;
        }
    }

    /**
     * Maps a ring file read-only and reads its state.
     *
     * @param path the file
     * @return the state
     * @throws SharedMemoryException  when the file is missing, unreadable, not an ipcring file, not an SPSC or
     *                                MPSC ring ({@link SharedMemoryException.Reason#WRONG_KIND}) or another layout version
     * @throws RingCorruptedException when its header is inconsistent
     */
    public static RingInfo inspect(Path path) {
        try (SharedRegion region = RingRegions.openReadOnly(path, RingDescriptor.SPSC_FORMAT, RingDescriptor.MPSC_FORMAT)) {
            String name = region.path().toString();
            int kind = region.kind();
            boolean mpsc = kind == RingDescriptor.MPSC_KIND;
            MappedMemory memory = region.memory();
            RingLayout layout = RingLayout.read(memory, kind, name);
            List<Long> producers = new ArrayList<>();
            if (mpsc) {
                for (int i = 0; i < layout.producerSlots(); i++) {
                    addOwner(producers, memory.getLongVolatile(RingDescriptor.producerSlotOffset(i)
                            + RingDescriptor.SLOT_OWNER_OFFSET));
                }
            } else {
                addOwner(producers, memory.getLongVolatile(RingDescriptor.PRODUCER_OWNER_OFFSET));
            }
            long head = memory.getLongVolatile(RingDescriptor.HEAD_OFFSET);
            long consumed = memory.getLongVolatile(RingDescriptor.CONSUMED_OFFSET);
            long producerPosition = mpsc ? memory.getLongVolatile(RingDescriptor.CLAIM_OFFSET)
                    : committedEnd(memory, layout, name, head, consumed, memory.getLongVolatile(RingDescriptor.TAIL_OFFSET));
            long consumer = memory.getLongVolatile(RingDescriptor.CONSUMER_OWNER_OFFSET);
            // Volatile loads: these words are written with release stores or CAS.
            return new RingInfo(region.path(), mpsc ? "mpsc" : "spsc", layout.capacity(), layout.maxMessageLength(),
                    layout.producerSlots(), region.creatorPid(), region.creationTimeMillis(), head, consumed,
                    producerPosition,
                    memory.getIntVolatile(RingDescriptor.CONSUMER_WAITING_OFFSET) != 0,
                    memory.getIntVolatile(RingDescriptor.PRODUCER_WAITING_OFFSET) != 0,
                    ProcessIdentity.unpack(consumer).pid(), List.copyOf(producers), UnicastRingStats.read(memory));
        }
    }

    /**
     * The end of an SPSC ring's committed records: from the later of the stored tail and the
     * consumed position, over the committed headers after it, to a zero word. The walk stops
     * early at a word that is not a valid header (a lap passed under this read-only walk), at
     * {@link RingLayout#pastTailLimit()} past the stored tail, the most a producer leaves there,
     * and a lap after the freed position (head), where a consumed record may not be zeroed yet.
     */
    private static long committedEnd(MappedMemory memory, RingLayout layout, String name, long head, long consumed,
                                     long storedTail) {
        int capacity = layout.capacity();
        long position = Math.max(storedTail, consumed);
        while (position - storedTail < layout.pastTailLimit() && position < head + capacity) {
            int index = (int) position & (capacity - 1);
            // Acquire: pairs with the producer's release store of each header at commit.
            long header = memory.getLongAcquire(layout.dataOffset() + index);
            if (header == 0) {
                break;
            }
            try {
                position += Records.committedLength(header, index, capacity, layout.maxMessageLength(), position, name);
            } catch (RingCorruptedException e) {
                break;
            }
        }
        return position;
    }

    private static void addOwner(List<Long> pids, long owner) {
        if (owner != 0) {
            pids.add(ProcessIdentity.unpack(owner).pid());
        }
    }
}
