package io.ipcring.channel;

/**
 * What one side of a channel sees when the other side closes, as a kind documents it and
 * {@link ChannelContract} asserts it.
 */
public enum PeerClose {
    /**
     * The peer's close is reported: a subscriber delivers what was sent before and then throws
     * {@link ChannelClosedException}; a publisher throws it from an offer (at once, or once the
     * kernel has noticed, e.g. the first write after a TCP peer's close succeeds).
     */
    CLOSED_EXCEPTION,
    /**
     * The channel outlives its endpoints and a close is not reported: a subscriber delivers what
     * was sent and then finds nothing (a later publisher on the same URI reaches it); a publisher
     * goes on accepting messages while there is room.
     */
    UNNOTICED
}
