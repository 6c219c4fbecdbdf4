package io.ipcring.ring.fanout;

/**
 * One producer slot in use in a broadcast or work-queue ring, as {@link BroadcastInspector} and
 * {@link WorkQueueInspector} read it (layout: {@link ProducerSlotDescriptor}).
 *
 * @param slot       the slot's index
 * @param pid        the owner's process id
 * @param alive      whether the owner still runs (same pid and start time, so a recycled pid
 *                   is not taken for it)
 * @param claimStart where the claim the producer holds (or is about to take) starts;
 *                   {@link ProducerSlotDescriptor#NO_CLAIM_START} when it holds none
 */
public record ProducerSlotInfo(int slot, long pid, boolean alive, long claimStart) {
    /** @return true when the slot names a claim: one being taken, or one not yet committed */
    public boolean claiming() {
        return claimStart != ProducerSlotDescriptor.NO_CLAIM_START;
    }
}
