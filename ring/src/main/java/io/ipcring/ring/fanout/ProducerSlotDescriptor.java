package io.ipcring.ring.fanout;

/**
 * Layout of one producer slot, the same in every ring with several producers
 * ({@link BroadcastRingDescriptor}, {@link WorkQueueRingDescriptor}). Each publisher holds one
 * slot while it is open; each slot sits on its own {@value #LENGTH}-byte line.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |   Owner: ProcessIdentity.pack() (pid, start ticks), 0 = free  |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Claim start: the claim counter value this producer is about  |  8
 *  |  to claim from or holds, {@link #NO_CLAIM_START} when none          |
 *  +---------------------------------------------------------------+
 *  |                    Unused to the line end                    ...  16
 * </pre>
 *
 * <p>A producer stores its claim start <em>before</em> the compare-and-set on the claim counter
 * and clears it <em>after</em> its commit, so while a claim is uncommitted the slot of the
 * producer that won it names its start; see {@link OrderedPublication}.
 */
public final class ProducerSlotDescriptor {
    /** Offset of the owner word (a {@link io.ipcring.sync.ProcessIdentity#pack() packed identity}; 0 = free). */
    public static final int OWNER_OFFSET = 0;
    /** Offset of the claim start. */
    public static final int CLAIM_START_OFFSET = 8;
    /** Bytes per slot: two cache lines, so producers never share a line. */
    public static final int LENGTH = 128;
    /**
     * The claim start of a producer that holds and is about to take no claim (not 0, which is a
     * position; the single-consumer rings' slots say the same with a claim length of 0).
     */
    public static final long NO_CLAIM_START = -1;

    private ProducerSlotDescriptor() {
    }
}
