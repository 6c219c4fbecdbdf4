package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Sends messages to a System V message queue ({@code sysvmq:0x1234} or {@code sysvmq:/path?proj=1};
 * see {@link SysVMqOptions}). Each message is one msgsnd whose {@code mtype} is the ipcring type
 * and whose text is the ipcring frame (see {@link SysVMessageQueue}), so receivers can select
 * messages by type.
 *
 * <p>{@link #offer(ByteBuffer, int, int, int)} never waits (IPC_NOWAIT): a full queue returns false.
 * The timed variant retries in the back-off of {@link SysVWait}, because System V has no timed
 * send. The message is built in a direct buffer allocated once; sending allocates nothing.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class SysVMqPublisher implements Publisher {
    /** Offset of mtype (a native long) in the msgsnd buffer; the frame follows it. */
    static final int MTYPE_OFFSET = 0;
    /** Offset of the frame (msgsnd's text) in the msgsnd buffer. */
    static final int FRAME_OFFSET = Long.BYTES;

    private final String uri;
    private final SysVMessageQueue queue;
    private final NativeBuffer message;
    private final QueueWait wait;
    private final QueueWait.Attempt sendAttempt = this::sendPending;
    /** The frame length of the send {@link #sendAttempt} tries. */
    private int pendingLength;

    private SysVMqPublisher(String uri, SysVMessageQueue queue) {
        this.uri = uri;
        this.queue = queue;
        this.message = NativeBuffer.allocate(FRAME_OFFSET + MessageFrame.HEADER_LENGTH + queue.maxPayloadLength());
        this.wait = QueueWait.backingOff("sending to " + uri, "room in " + uri);
    }

    /**
     * Opens (and creates, unless {@code create=false}) a queue for sending.
     *
     * @param uri e.g. {@code sysvmq:0x1234} or {@code sysvmq:/tmp/orders?proj=7}
     * @return the publisher
     * @throws IllegalArgumentException when the URI is invalid
     * @throws ChannelException         when the queue cannot be opened, naming the limit exceeded
     */
    public static SysVMqPublisher open(String uri) {
        return open(ChannelUri.parse(uri));
    }

    static SysVMqPublisher open(ChannelUri uri) {
        SysVMqOptions options = SysVMqOptions.parse(uri);
        return new SysVMqPublisher(options.uri, SysVMessageQueue.open(options, SysVMqLimits.read()));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the length exceeds {@link #maxMessageLength()}, naming
     *                                  the limit (msgmax, the queue's msg_qbytes, or maxMessage)
     * @throws ChannelClosedException   when the queue was removed or this publisher is closed
     */
    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        prepare(length, type);
        return send(QueueFrame.write(message.buffer, FRAME_OFFSET, src, offset, length, type));
    }

    /** Sends a payload held in an array, copying it straight into the message (no wrapping buffer). */
    @Override
    public boolean offer(byte[] src, int offset, int length, int type) {
        prepare(length, type);
        return send(QueueFrame.write(message.buffer, FRAME_OFFSET, src, offset, length, type));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Retries with IPC_NOWAIT in the back-off of {@link SysVWait} until the deadline.
     *
     * @throws ChannelClosedException when the queue was removed or this publisher is closed
     */
    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        prepare(length, type);
        pendingLength = QueueFrame.write(message.buffer, FRAME_OFFSET, src, offset, length, type);
        return wait.await(sendAttempt, timeout, unit);
    }

    private void prepare(int length, int type) {
        queue.checkOpen();
        MessageFrame.checkUserType(type);
        if (length < 0 || length > queue.maxPayloadLength()) {
            throw new IllegalArgumentException("length=" + length + " does not fit " + queue.source() + ": its largest payload is "
                    + queue.maxPayloadLength() + (length < 0 ? "" : "; " + queue.explainTooLong(length)));
        }
        message.buffer.putLong(MTYPE_OFFSET, type);
    }

    /** System V cannot wait in the kernel: one IPC_NOWAIT try, whatever the wait allowed. */
    private boolean sendPending(long waitNanos) {
        return send(pendingLength);
    }

    /** @return true when sent, false when the queue is full */
    private boolean send(int frameLength) {
        for (;;) {
            if (Os.CALLS.msgsnd(queue.descriptor(), message.address, frameLength, QueueLibc.IPC_NOWAIT) == 0) {
                return true;
            }
            int errno = Os.CALLS.errno();
            if (errno == Errno.EAGAIN) {
                return false;
            }
            if (errno != Errno.EINTR) {
                throw queue.failure("msgsnd of " + frameLength + " bytes", errno);
            }
        }
    }

    /** @return the largest payload (see {@link SysVMessageQueue#maxPayloadLength()}) */
    @Override
    public int maxMessageLength() {
        return queue.maxPayloadLength();
    }

    /** @return the queue this publisher sends to, for its key, id and state */
    public SysVMessageQueue queue() {
        return queue;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Detaches; removes the queue only if this publisher created it with removeOnClose=true. */
    @Override
    public void close() {
        queue.close();
    }
}
