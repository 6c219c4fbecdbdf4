package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Receives messages from a System V message queue, selected by type: the URI's {@code type=}
 * (default {@code 0}, any type) or a {@link ReceiveMode} per poll, msgrcv's three modes.
 *
 * <p>Each msgrcv receives into one direct buffer allocated at open, large enough for the largest
 * frame plus one byte, with MSG_NOERROR: a longer message is truncated by the kernel and then
 * recognised as too long rather than left in the queue forever (without MSG_NOERROR it would fail
 * every receive with E2BIG). A non-blocking poll uses IPC_NOWAIT; a timed poll retries in the
 * back-off of {@link SysVWait}, because System V has no timed receive. Receiving allocates nothing.
 *
 * <p><b>Malformed messages.</b> Each message is checked: its text at least the 8-byte header, the
 * length field in {@code [0, maxMessageLength()]} and equal to the text size minus 8, the header's
 * type positive and equal to mtype. A message that fails has been removed from the queue by
 * msgrcv and is reported by a {@link MalformedFrameException} from that poll; messages delivered
 * earlier in the same poll stay delivered. The subscriber stays open: messages delimit
 * themselves, so the next poll continues with the next message.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class SysVMqSubscriber implements Subscriber {
    /** Offset of mtype (a native long) in the msgrcv buffer; the frame follows it. */
    static final int MTYPE_OFFSET = 0;
    /** Offset of the frame (msgrcv's text) in the msgrcv buffer. */
    static final int FRAME_OFFSET = Long.BYTES;

    private static final long NOTHING = -1;
    private static final int RECEIVE_FLAGS = QueueLibc.IPC_NOWAIT | QueueLibc.MSG_NOERROR;

    private final String uri;
    private final SysVMessageQueue queue;
    private final ReceiveMode defaultMode;
    private final NativeBuffer message;
    private final int textCapacity;
    private final QueueWait wait;
    private final QueueWait.Attempt receiveAttempt = this::receiveNow;
    /** The msgtyp {@link #receiveAttempt} receives, and the text size of the message it received. */
    private long pendingMsgtyp;
    private long received;

    private SysVMqSubscriber(String uri, SysVMessageQueue queue, ReceiveMode defaultMode) {
        this.uri = uri;
        this.queue = queue;
        this.defaultMode = defaultMode;
        this.textCapacity = MessageFrame.HEADER_LENGTH + queue.maxPayloadLength() + 1;
        this.message = NativeBuffer.allocate(FRAME_OFFSET + textCapacity);
        this.wait = QueueWait.backingOff("receiving from " + uri, "a message from " + uri);
    }

    /**
     * Opens (and creates, unless {@code create=false}) a queue for receiving.
     *
     * @param uri e.g. {@code sysvmq:0x1234?type=2}
     * @return the subscriber
     * @throws IllegalArgumentException when the URI is invalid
     * @throws ChannelException         when the queue cannot be opened, naming the limit exceeded
     */
    public static SysVMqSubscriber open(String uri) {
        return open(ChannelUri.parse(uri));
    }

    static SysVMqSubscriber open(ChannelUri uri) {
        SysVMqOptions options = SysVMqOptions.parse(uri);
        return new SysVMqSubscriber(options.uri, SysVMessageQueue.open(options, SysVMqLimits.read()), options.receiveMode);
    }

    /**
     * Polls in the URI's receive mode.
     *
     * @see #poll(MessageHandler, int, ReceiveMode)
     */
    @Override
    public int poll(MessageHandler handler, int limit) {
        return poll(handler, limit, defaultMode);
    }

    /**
     * Polls in the URI's receive mode, waiting for a first message.
     *
     * @see #poll(MessageHandler, int, ReceiveMode, long, TimeUnit)
     */
    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return poll(handler, limit, defaultMode, timeout, unit);
    }

    /**
     * Hands the messages available now that {@code mode} selects, up to {@code limit}, to the
     * handler; never waits.
     *
     * @param handler receives each message in place
     * @param limit   the most messages to deliver, positive
     * @param mode    which messages: exactly a type, any, or the lowest type up to a bound
     * @return the number delivered, 0 when none was available
     * @throws MalformedFrameException when a received message is not a valid frame
     * @throws ChannelClosedException  when the queue was removed or this subscriber is closed
     */
    public int poll(MessageHandler handler, int limit, ReceiveMode mode) {
        check(handler, limit, mode);
        return drain(handler, limit, mode.msgtyp(), 0);
    }

    /**
     * Like {@link #poll(MessageHandler, int, ReceiveMode)}, but waits up to {@code timeout} for a
     * first message, retrying in the back-off of {@link SysVWait}.
     *
     * @param handler receives each message in place
     * @param limit   the most messages to deliver, positive
     * @param mode    which messages
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the number delivered, 0 when the timeout expired
     * @throws InterruptedException    when the thread is interrupted before or while waiting
     * @throws MalformedFrameException when a received message is not a valid frame
     * @throws ChannelClosedException  when the queue was removed or this subscriber is closed
     */
    public int poll(MessageHandler handler, int limit, ReceiveMode mode, long timeout, TimeUnit unit)
            throws InterruptedException {
        check(handler, limit, mode);
        pendingMsgtyp = mode.msgtyp();
        if (!wait.await(receiveAttempt, timeout, unit)) {
            return 0;
        }
        deliver(handler, received);
        return drain(handler, limit, pendingMsgtyp, 1);
    }

    /** System V cannot wait in the kernel: one IPC_NOWAIT try, whatever the wait allowed. */
    private boolean receiveNow(long waitNanos) {
        received = receiveOne(pendingMsgtyp);
        return received != NOTHING;
    }

    private void check(MessageHandler handler, int limit, ReceiveMode mode) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(mode, "mode");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        queue.checkOpen();
    }

    /** Receives without waiting until {@code limit} messages are delivered in all or none is left. */
    private int drain(MessageHandler handler, int limit, long msgtyp, int delivered) {
        int count = delivered;
        while (count < limit) {
            long received = receiveOne(msgtyp);
            if (received == NOTHING) {
                break;
            }
            deliver(handler, received);
            count++;
        }
        return count;
    }

    /** @return the text size of the message received into {@link #message}, or {@link #NOTHING} */
    private long receiveOne(long msgtyp) {
        for (;;) {
            long received = Os.CALLS.msgrcv(queue.descriptor(), message.address, textCapacity, msgtyp, RECEIVE_FLAGS);
            if (received >= 0) {
                return received;
            }
            int errno = Os.CALLS.errno();
            if (errno == Errno.ENOMSG || errno == Errno.EAGAIN) {
                return NOTHING;
            }
            if (errno != Errno.EINTR) {
                throw queue.failure("msgrcv(msgtyp=" + msgtyp + ") into " + textCapacity + " bytes", errno);
            }
        }
    }

    private void deliver(MessageHandler handler, long received) {
        String source = queue.source();
        long mtype = message.buffer.getLong(MTYPE_OFFSET);
        int length = QueueFrame.payloadLength(message.buffer, FRAME_OFFSET, received, queue.maxPayloadLength(), source);
        int type = MessageFrame.readType(message.buffer, FRAME_OFFSET, source);
        if (mtype != type) {
            throw new MalformedFrameException(source + ": frame type " + type + " disagrees with the message's mtype " + mtype);
        }
        handler.onMessage(type, message.buffer, FRAME_OFFSET + MessageFrame.HEADER_LENGTH, length);
    }

    /** @return the receive mode of polls that name none: the URI's {@code type=} */
    public ReceiveMode receiveMode() {
        return defaultMode;
    }

    /** @return the largest payload accepted; a longer message is malformed */
    public int maxMessageLength() {
        return queue.maxPayloadLength();
    }

    /** @return the queue this subscriber receives from, for its key, id and state */
    public SysVMessageQueue queue() {
        return queue;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Detaches; removes the queue only if this subscriber created it with removeOnClose=true. */
    @Override
    public void close() {
        queue.close();
    }
}
