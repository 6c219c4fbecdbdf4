package io.ipcring.transport.internal;

import java.nio.ByteBuffer;

/**
 * The mechanism-specific part of a {@link io.ipcring.transport.server.MessageServer}: how peers
 * arrive and which streams carry their frames. A socket transport accepts connections, each a
 * {@link PeerLink} whose stream carries that peer's requests; the FIFO transport has one request
 * stream every peer writes to ({@link #sharedRequests()}), on which peers arrive and leave by
 * control frames. Used by the server's polling thread only.
 */
public interface ServerTransport {
    /** What {@link #await} reports; implemented once by the server and reused by every poll. */
    interface Events {
        /** Peers are waiting to be accepted. */
        void onAcceptable();

        /**
         * A peer's link has data, an end of stream or an error to read.
         *
         * @param link the link, possibly closed since (then to be skipped)
         */
        void onReadable(PeerLink link);

        /** The {@link #sharedRequests() shared request stream} may have data to read. */
        void onSharedReadable();
    }

    /**
     * What the shared request stream's control frames do; implemented by the server, which
     * tracks the peers and calls the user's handler.
     */
    interface Registry {
        /**
         * A peer arrived; one registered before with the same id is closed and replaced.
         *
         * @param link the new peer's link (its stream carries replies)
         */
        void register(PeerLink link);

        /**
         * A request from a registered peer.
         *
         * @param peerId the id it carries (an unknown id is delivered as from no peer)
         * @param type   the user's type, positive
         * @param buffer holds the payload (absolute indexes)
         * @param offset index of the first payload byte
         * @param length payload length
         */
        void request(long peerId, int type, ByteBuffer buffer, int offset, int length);

        /**
         * A registered peer left cleanly.
         *
         * @param peerId its id (an unknown id is ignored)
         */
        void unregister(long peerId);
    }

    /**
     * Waits up to {@code waitNanos} until a peer is waiting to be accepted or a stream is
     * readable, reporting each to {@code events}. A wait may return early and empty (so the
     * caller can notice an interrupt, which it leaves set); links closed since the last call are
     * forgotten first. A wait of 0 may report the shared stream without looking, letting the read
     * tell.
     *
     * @param waitNanos the longest wait, 0 for a check without waiting
     * @param events    receives what is ready
     */
    void await(long waitNanos, Events events);

    /**
     * Accepts one waiting peer (sockets; the FIFO transport has none to accept).
     *
     * @param id the id the new peer gets
     * @return its link, watched by {@link #await}, or null when nobody is waiting
     * @throws io.ipcring.channel.ChannelException when accepting or setting up the peer fails (that
     *                                          peer is closed; others may follow)
     */
    PeerLink accept(long id);

    /**
     * @return the decoder of a request stream every peer writes to, whose frames of reserved type
     *         go to {@link #onControlFrame}; null when each peer sends on its own link
     */
    default FrameDecoder sharedRequests() {
        return null;
    }

    /**
     * Interprets a frame of reserved type (≤ 0) from the {@link #sharedRequests() shared stream}.
     *
     * @param type     the reserved type
     * @param buffer   holds the payload (absolute indexes)
     * @param offset   index of the first payload byte
     * @param length   payload length
     * @param registry what the frame does to the server's peers
     * @throws io.ipcring.channel.MalformedFrameException when the frame is malformed
     */
    default void onControlFrame(int type, ByteBuffer buffer, int offset, int length, Registry registry) {
        throw new IllegalStateException(clientUri() + ": no shared request stream, so no control frame of type " + type);
    }

    /** @return the URI a client connects with (for {@code tcp://host:0}, with the port chosen) */
    String clientUri();

    /** Stops listening and removes the transport's file, if any; the links are the server's to close. */
    void close();
}
