package io.ipcring.transport.fifo;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.FrameWriter;
import io.ipcring.transport.StreamOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A registered client as the {@link FifoServer} sees it: its identity and its reply FIFO.
 * Used by the server's polling thread only.
 */
public final class FifoPeer {
    private final long id;
    private final long pid;
    private final String replyPath;
    private final FdStream reply;
    private final FrameWriter writer;
    private final Consumer<FifoPeer> onFailure;
    private boolean open = true;
    private ChannelException failure;

    FifoPeer(long id, long pid, String replyPath, FdStream reply, StreamOptions options, Consumer<FifoPeer> onFailure) {
        this.onFailure = onFailure;
        this.id = id;
        this.pid = pid;
        this.replyPath = replyPath;
        this.reply = reply;
        this.writer = new FrameWriter(reply, options);
    }

    /** @return the id the client chose */
    public long id() {
        return id;
    }

    /** @return the pid the client declared (not verified by the kernel) */
    public long pid() {
        return pid;
    }

    /** @return the path its reply FIFO had when it registered (the client unlinks it after) */
    public String replyPath() {
        return replyPath;
    }

    /** @return false once the client unregistered, its reply FIFO failed, or the server closed */
    public boolean isOpen() {
        return open;
    }

    /**
     * Sends a reply if the reply FIFO has room now.
     *
     * @param src    the payload's buffer (absolute indexes)
     * @param offset index of the first byte
     * @param length payload length, up to the server's {@code maxReply}
     * @param type   the message type, positive
     * @return true when sent, false when the reply FIFO is full
     * @throws ChannelClosedException when the client is gone (it is then closed)
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
     * Sends a reply, waiting up to {@code timeout} for room.
     *
     * @param src     the payload's buffer (absolute indexes)
     * @param offset  index of the first byte
     * @param length  payload length, up to the server's {@code maxReply}
     * @param type    the message type, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return true when sent, false when the timeout expired first
     * @throws ChannelClosedException when the client is gone (it is then closed)
     * @throws InterruptedException   if interrupted while waiting
     */
    public boolean send(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        return send(src, offset, length, type, Math.max(1, unit.toNanos(timeout)));
    }

    private boolean send(ByteBuffer src, int offset, int length, int type, long timeoutNanos) throws InterruptedException {
        MessageFrame.checkUserType(type);
        if (!open) {
            throw new ChannelClosedException(reply.name() + " is closed");
        }
        try {
            return writer.offer(src, offset, length, type, timeoutNanos);
        } catch (ChannelException e) {
            if (open) {
                close();
                failure = e;
                onFailure.accept(this);
            }
            throw e;
        }
    }

    void sendAck(ByteBuffer ack) throws InterruptedException {
        if (!writer.offer(ack, 0, FifoProtocol.ID_ONLY_LENGTH, FifoProtocol.ACK_TYPE, 0)) {
            throw new ChannelException(reply.name() + ": no room for the registration acknowledgement");
        }
    }

    /** @return why sending failed and the client was closed, or null */
    ChannelException failure() {
        return failure;
    }

    void close() {
        if (open) {
            open = false;
            reply.close();
        }
    }

    @Override
    public String toString() {
        return "FifoPeer[id=" + Long.toHexString(id) + ", pid=" + pid + ", reply=" + replyPath + "]";
    }
}
