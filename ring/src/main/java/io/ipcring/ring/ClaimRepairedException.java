package io.ipcring.ring;

import io.ipcring.channel.ChannelException;

/**
 * A producer's claim was turned into padding by the consumer because it stayed uncommitted
 * longer than the ring's stuck-claim timeout (see {@link UnicastRingOptions#stuckClaimTimeout}). The
 * message is lost; bytes this producer wrote into the claim after the repair may have landed in
 * space already reused by other producers (the risk the timeout accepts).
 */
public class ClaimRepairedException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** @param message the ring, the claim's position and what was found there */
    public ClaimRepairedException(String message) {
        super(message);
    }
}
