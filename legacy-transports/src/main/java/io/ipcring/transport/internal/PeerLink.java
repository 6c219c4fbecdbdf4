package io.ipcring.transport.internal;

import io.ipcring.transport.ByteStream;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.server.PeerCredentials;

/**
 * What a {@link ServerTransport} knows of one peer: who it is and the stream that reaches it. A
 * socket connection carries the peer's frames both ways (its link reads requests); a FIFO peer's
 * link is its reply FIFO only (its requests come on the server's shared FIFO). Used by the
 * server's polling thread only.
 */
public final class PeerLink {
    /** The pid of a peer whose process is not known (TCP). */
    public static final long UNKNOWN_PID = -1;

    private final long id;
    private final long pid;
    private final PeerCredentials credentials;
    private final String address;
    private final ByteStream stream;
    private final FrameDecoder decoder;
    private final FrameWriter writer;
    private Object attachment;
    private boolean open = true;

    /**
     * A link to one peer, with the decoder of its frames (when it sends on this stream) and the
     * writer of its replies.
     *
     * @param id           the peer's id among the server's peers
     * @param pid          its process id, or {@link #UNKNOWN_PID}
     * @param credentials  the kernel's record of its process, or null
     * @param address      where it is: its socket address or its reply FIFO's path
     * @param stream       the stream to it
     * @param readsFrames  whether the peer's requests arrive on {@code stream} (else it only
     *                     carries replies)
     * @param options      the largest message each way and the write timeout
     */
    public PeerLink(long id, long pid, PeerCredentials credentials, String address, ByteStream stream, boolean readsFrames,
                    StreamOptions options) {
        this.id = id;
        this.pid = pid;
        this.credentials = credentials;
        this.address = address;
        this.stream = stream;
        this.decoder = readsFrames ? FrameDecoder.of(stream, options.maxMessage()) : null;
        this.writer = new FrameWriter(stream, options);
    }

    /** @return the peer's id among the server's peers */
    public long id() {
        return id;
    }

    /** @return its process id, or {@link #UNKNOWN_PID} */
    public long pid() {
        return pid;
    }

    /** @return the kernel's record of its process, or null */
    public PeerCredentials credentials() {
        return credentials;
    }

    /** @return where it is: its socket address or its reply FIFO's path */
    public String address() {
        return address;
    }

    /** @return the decoder of the frames it sends on this link, or null when it sends none here */
    public FrameDecoder decoder() {
        return decoder;
    }

    /** @return the writer of the frames sent to it */
    public FrameWriter writer() {
        return writer;
    }

    /** @return what the stream is, for messages */
    public String name() {
        return stream.name();
    }

    /**
     * Attaches the server's object for this link (as a selection key carries one), which the
     * transport's readiness reports hand back.
     *
     * @param attachment the object
     */
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    /** @return the object last attached */
    public Object attachment() {
        return attachment;
    }

    /** @return false once closed */
    public boolean isOpen() {
        return open;
    }

    /** Closes the stream; a transport forgets a closed link at its next wait. Idempotent. */
    public void close() {
        if (open) {
            open = false;
            stream.close();
        }
    }

    @Override
    public String toString() {
        return stream.name();
    }
}
