package io.ipcring.stress.broken;

import io.ipcring.ring.fanout.WorkQueueRingDescriptor;
import io.ipcring.sync.MappedMemory;

/**
 * A broken removal from a work queue (the queue under {@code RingQueue}): it checks that the
 * newest record's state word is "unclaimed", then stores "done" with a separate write instead of
 * one compare-and-set. A taker's claim between the two is overwritten: both get the element. A
 * race of two steps, not of memory ordering, so it shows on x86 too.
 */
final class CheckThenMarkRemover {
    private final MappedMemory memory;
    private final int dataOffset;
    private final long mask;
    private final int recordLength;

    /**
     * @param memory        a mapping of the queue's file
     * @param payloadLength the encoded length of the elements it removes
     */
    CheckThenMarkRemover(MappedMemory memory, int payloadLength) {
        this.memory = memory;
        int producerSlots = memory.getInt(WorkQueueRingDescriptor.PRODUCER_SLOTS_OFFSET);
        int consumerSlots = memory.getInt(WorkQueueRingDescriptor.CONSUMER_SLOTS_OFFSET);
        this.dataOffset = WorkQueueRingDescriptor.dataOffset(producerSlots, consumerSlots);
        this.mask = memory.getInt(WorkQueueRingDescriptor.CAPACITY_OFFSET) - 1L;
        this.recordLength = WorkQueueRingDescriptor.recordLength(payloadLength);
    }

    /** @return the position of the newest committed record */
    long newest() {
        return memory.getLongVolatile(WorkQueueRingDescriptor.TAIL_OFFSET) - recordLength;
    }

    /**
     * @param position a record's position
     * @return true when it "removed" the record
     */
    boolean remove(long position) {
        int state = dataOffset + (int) (position & mask) + WorkQueueRingDescriptor.STATE_OFFSET;
        if (memory.getLongVolatile(state) != position) {
            return false;
        }
        // the mistake: a check and a store where the real removal has one compare-and-set
        memory.putLongVolatile(state, position | WorkQueueRingDescriptor.DONE_BIT);
        return true;
    }
}
