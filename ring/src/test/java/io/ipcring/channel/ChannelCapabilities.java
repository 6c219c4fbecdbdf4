package io.ipcring.channel;

import java.util.Objects;

/**
 * What a channel kind declares about itself to {@link ChannelContract}: the differences between
 * kinds are stated here, so the contract asserts each kind's documented behaviour instead of
 * skipping what differs.
 *
 * @param maxMessageLength   the largest payload the fixture's publisher accepts
 * @param full               what "full" is for this kind (the bounded buffers between an offer
 *                           and the subscriber), or null when the kind is never full: every offer
 *                           is taken at once, whoever reads (a journal)
 * @param publisherClosed    what the subscriber sees when the publisher's side closes
 * @param subscriberClosed   what the publisher sees when the subscriber's side closes
 * @param replay             how a message stays after it is read, for a new subscriber to read
 *                           again (a journal's replay from the start), or null when reading
 *                           consumes it
 */
public record ChannelCapabilities(int maxMessageLength, String full, PeerClose publisherClosed,
                                  PeerClose subscriberClosed, String replay) {
    /** Checks the declaration. */
    public ChannelCapabilities {
        if (maxMessageLength < 0) {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " must not be negative");
        }
        Objects.requireNonNull(publisherClosed, "publisherClosed");
        Objects.requireNonNull(subscriberClosed, "subscriberClosed");
    }

    /**
     * A kind whose reading consumes messages.
     *
     * @param maxMessageLength the largest payload the fixture's publisher accepts
     * @param full             what "full" is for this kind, or null when it is never full
     * @param publisherClosed  what the subscriber sees when the publisher's side closes
     * @param subscriberClosed what the publisher sees when the subscriber's side closes
     */
    public ChannelCapabilities(int maxMessageLength, String full, PeerClose publisherClosed, PeerClose subscriberClosed) {
        this(maxMessageLength, full, publisherClosed, subscriberClosed, null);
    }

    /** @return true when an offer on a full channel returns false; false when the kind is never full */
    public boolean backPressure() {
        return full != null;
    }
}
