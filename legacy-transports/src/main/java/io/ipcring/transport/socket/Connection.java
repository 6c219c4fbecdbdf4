package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.ByteStream;
import io.ipcring.transport.FrameDecoder;
import io.ipcring.transport.FrameWriter;
import io.ipcring.transport.StreamOptions;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client of a {@link SocketServer}: its identity and the way to reply to it. Used by the
 * server's polling thread only.
 */
public final class Connection {
    private final long id;
    private final SocketAddress remoteAddress;
    private final PeerCredentials credentials;
    private final ByteStream stream;
    private final FrameDecoder decoder;
    private final FrameWriter writer;
    private final Consumer<Connection> onClose;
    private boolean open = true;
    boolean queued;

    Connection(long id, SocketAddress remoteAddress, PeerCredentials credentials, ByteStream stream,
               StreamOptions options, Consumer<Connection> onClose) {
        this.onClose = onClose;
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.credentials = credentials;
        this.stream = stream;
        this.decoder = FrameDecoder.of(stream, options.maxMessage());
        this.writer = new FrameWriter(stream, options);
    }

    /** @return a number unique among this server's connections, in order of arrival */
    public long id() {
        return id;
    }

    /** @return the client's address (for a Unix socket client usually unnamed) */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** @return the kernel's record of the client's process, user and group; empty for TCP */
    public Optional<PeerCredentials> peerCredentials() {
        return Optional.ofNullable(credentials);
    }

    /** @return false once dropped or closed */
    public boolean isOpen() {
        return open;
    }

    /**
     * Sends a message to this client if its socket can take it now.
     *
     * @param src    the payload's buffer (absolute indexes)
     * @param offset index of the first byte
     * @param length payload length, up to the server's {@code maxMessage}
     * @param type   the message type, positive
     * @return true when sent, false when the socket's buffer is full
     * @throws ChannelClosedException when the client is gone
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
     * Sends a message to this client, waiting up to {@code timeout} for room.
     *
     * @param src     the payload's buffer (absolute indexes)
     * @param offset  index of the first byte
     * @param length  payload length, up to the server's {@code maxMessage}
     * @param type    the message type, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return true when sent, false when the timeout expired first
     * @throws ChannelClosedException when the client is gone
     * @throws InterruptedException   if interrupted while waiting
     */
    public boolean send(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        return send(src, offset, length, type, Math.max(1, unit.toNanos(timeout)));
    }

    private boolean send(ByteBuffer src, int offset, int length, int type, long timeoutNanos) throws InterruptedException {
        MessageFrame.checkUserType(type);
        if (!open) {
            throw new ChannelClosedException(stream.name() + " is closed");
        }
        return writer.offer(src, offset, length, type, timeoutNanos);
    }

    FrameDecoder decoder() {
        return decoder;
    }

    /** Closes the connection; the server forgets it at its next poll. Idempotent. */
    public void close() {
        if (open) {
            open = false;
            stream.close();
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return stream.name();
    }
}
