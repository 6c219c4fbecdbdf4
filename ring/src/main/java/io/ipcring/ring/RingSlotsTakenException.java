package io.ipcring.ring;

import io.ipcring.channel.ChannelException;

/**
 * A ring has no free slot for the endpoint asked for, in every ring family: an SPSC ring's
 * producer or consumer, an MPSC ring's consumer, a broadcast subscriber's name, is attached by a
 * live process; or every producer slot (MPSC, broadcast, work queue), subscriber slot or
 * consumer slot is held by live processes. The message names the file, the slot count and, where
 * one process holds the slot, its pid. Closing an endpoint, or the death of its process, frees
 * its slot.
 */
public class RingSlotsTakenException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** @param message the ring, the slots and who holds them */
    public RingSlotsTakenException(String message) {
        super(message);
    }
}
