package io.ipcring.transport.server;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.internal.PeerLink;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One client of a {@link MessageServer}: who it is and the way to reply to it. A peer whose
 * reply fails is closed and reported to {@link ServerHandler#onDisconnect} at the server's next
 * poll. Used by the server's polling thread only.
 */
public final class Peer {
    private final PeerLink link;
    private final MessageServer server;
    private ChannelException failure;
    boolean queued;

    Peer(PeerLink link, MessageServer server) {
        this.link = link;
        this.server = server;
        link.attach(this);
    }

    /**
     * @return a number unique among the server's peers: given in order of arrival by a socket
     *         server, chosen by the client of a FIFO server
     */
    public long id() {
        return link.id();
    }

    /**
     * @return the peer's process id: the kernel's record for a Unix domain socket, what the
     *         client declared for a FIFO (not verified), -1 for TCP
     */
    public long pid() {
        return link.pid();
    }

    /** @return the kernel's record of the peer's process, user and group; empty but for Unix domain sockets */
    public Optional<PeerCredentials> peerCredentials() {
        return Optional.ofNullable(link.credentials());
    }

    /**
     * @return where the peer is: its socket address (for a Unix domain socket client usually
     *         unnamed), or the path its reply FIFO had when it registered
     */
    public String address() {
        return link.address();
    }

    /** @return false once it left, failed, was dropped or closed */
    public boolean isOpen() {
        return link.isOpen();
    }

    /**
     * Sends a message to this peer if its stream can take it now.
     *
     * @param src    the payload's buffer (absolute indexes)
     * @param offset index of the first byte
     * @param length payload length, up to the server's largest message
     * @param type   the message type, positive
     * @return true when sent, false when the stream is full
     * @throws ChannelClosedException when the peer is gone (it is then closed)
     */
    public boolean send(ByteBuffer src, int offset, int length, int type) {
        try {
            return send(src, offset, length, type, 0);
        } catch (InterruptedException e) {
            // a zero timeout never waits, so it is never interrupted while waiting
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends a message to this peer, waiting up to {@code timeout} for room.
     *
     * @param src     the payload's buffer (absolute indexes)
     * @param offset  index of the first byte
     * @param length  payload length, up to the server's largest message
     * @param type    the message type, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return true when sent, false when the timeout expired first
     * @throws ChannelClosedException when the peer is gone (it is then closed)
     * @throws InterruptedException   if interrupted while waiting
     */
    public boolean send(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        return send(src, offset, length, type, Math.max(1, unit.toNanos(timeout)));
    }

    private boolean send(ByteBuffer src, int offset, int length, int type, long timeoutNanos) throws InterruptedException {
        MessageFrame.checkUserType(type);
        if (!link.isOpen()) {
            throw new ChannelClosedException(link.name() + " is closed");
        }
        try {
            return link.writer().offer(src, offset, length, type, timeoutNanos);
        } catch (ChannelException e) {
            if (link.isOpen()) {
                failure = e;
                close();
                server.failed(this);
            }
            throw e;
        }
    }

    /** Closes the peer's stream; the server forgets it. Idempotent. */
    public void close() {
        if (link.isOpen()) {
            link.close();
            server.forget(this);
        }
    }

    PeerLink link() {
        return link;
    }

    /** @return why sending failed and the peer was closed, or null */
    ChannelException failure() {
        return failure;
    }

    @Override
    public String toString() {
        return link.name();
    }
}
