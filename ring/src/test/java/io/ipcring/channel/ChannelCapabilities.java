package io.ipcring.channel;

import java.util.Objects;

/**
 * What a channel kind declares about itself to {@link ChannelContract}: the differences between
 * kinds are stated here, so the contract asserts each kind's documented behaviour instead of
 * skipping what differs.
 *
 * @param maxMessageLength   the largest payload the fixture's publisher accepts
 * @param full               what "full" is for this kind (the bounded buffers between an offer
 *                           and the subscriber), or null when back-pressure cannot be observed
 * @param publisherClosed    what the subscriber sees when the publisher's side closes
 * @param subscriberClosed   what the publisher sees when the subscriber's side closes
 */
public record ChannelCapabilities(int maxMessageLength, String full, PeerClose publisherClosed,
                                  PeerClose subscriberClosed) {
    /** Checks the declaration. */
    public ChannelCapabilities {
        if (maxMessageLength < 0) {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " must not be negative");
        }
        Objects.requireNonNull(publisherClosed, "publisherClosed");
        Objects.requireNonNull(subscriberClosed, "subscriberClosed");
    }

    /** @return true when an offer on a full channel returns false (else the kind says why not in {@link #full}) */
    public boolean backPressure() {
        return full != null;
    }
}
