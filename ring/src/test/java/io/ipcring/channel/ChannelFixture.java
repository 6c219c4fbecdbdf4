package io.ipcring.channel;

import java.util.Map;
import java.util.Set;

/**
 * Makes connected channels of one kind for {@link ChannelContract}, knows the kind's
 * capabilities, and removes everything it created. One fixture serves one test: its channel
 * (file, FIFO, queue, socket, child process) is its own.
 */
public interface ChannelFixture extends AutoCloseable {
    /** @return what this kind declares about itself */
    ChannelCapabilities capabilities();

    /**
     * Opens a publisher and a subscriber of this fixture's channel, in the order the kind needs
     * (a server before its clients), through {@link Channels} or the kind's documented opener.
     *
     * @return the pair
     * @throws Exception when the channel cannot be opened
     */
    ChannelPair connect() throws Exception;

    /**
     * Opens one more publisher on the channel of {@link #connect()}, for a kind whose
     * {@link ChannelCapabilities#publisherClosed()} is {@link PeerClose#UNNOTICED}.
     *
     * @return the new publisher
     */
    Publisher reopenPublisher();

    /**
     * Opens a new subscriber that reads the channel from its first message, for a kind whose
     * {@link ChannelCapabilities#replay()} is declared.
     *
     * @return the subscriber
     * @throws UnsupportedOperationException for a kind whose reading consumes messages
     */
    default Subscriber replaySubscriber() {
        throw new UnsupportedOperationException("this kind declares no replay: reading consumes messages");
    }

    /**
     * Closes the publisher's side of a pair after what it sent is on its way.
     *
     * @param pair a pair from {@link #connect()}
     */
    default void closePublisherSide(ChannelPair pair) {
        pair.publisher().close();
    }

    /**
     * Closes the subscriber's side of a pair.
     *
     * @param pair a pair from {@link #connect()}
     */
    default void closeSubscriberSide(ChannelPair pair) {
        pair.subscriber().close();
    }

    /** @return a publisher URI of this kind (what {@link #connect()} opens, where it opens by URI) */
    String publisherUri();

    /** @return a subscriber URI of this kind */
    String subscriberUri();

    /** @return the parameters the kind's publisher URIs accept, as its documentation lists them */
    Set<String> publisherParameters();

    /** @return the parameters the kind's subscriber URIs accept */
    Set<String> subscriberParameters();

    /**
     * @return malformed URIs of this kind, each with a fragment its exception's message must hold
     *         (naming what is valid); each is tried as a publisher and as a subscriber
     */
    Map<String, String> badUris();

    /** Removes every file, FIFO, queue, socket and process this fixture created. */
    @Override
    void close() throws Exception;
}
