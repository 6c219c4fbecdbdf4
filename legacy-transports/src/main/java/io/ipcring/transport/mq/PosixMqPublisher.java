package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.NativeIo;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Sends messages to a POSIX message queue ({@code mq:/name?...}, see {@link PosixMqOptions} for the
 * parameters). Each message is one queue message holding one ipcring frame (8-byte header +
 * payload), sent with a priority: the queue delivers higher priorities first, and messages of
 * equal priority in the order sent.
 *
 * <p>{@link #offer(ByteBuffer, int, int, int, int)} never waits: it calls mq_timedsend with a
 * deadline in the past, so a full queue returns false at once. The timed variants wait in the
 * kernel in slices of at most {@value #SLICE_MILLIS} ms and check for interruption between
 * slices. The frame is built in a direct buffer allocated once; sending allocates nothing.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class PosixMqPublisher implements Publisher {
    /** The longest single wait in the kernel before the thread checks for interruption. */
    public static final long SLICE_MILLIS = 10;

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);

    private final String uri;
    private final PosixMessageQueue queue;
    private final int defaultPriority;
    private final NativeBuffer frame;
    private final Timespec deadline = new Timespec();

    private PosixMqPublisher(String uri, PosixMessageQueue queue, int defaultPriority) {
        this.uri = uri;
        this.queue = queue;
        this.defaultPriority = defaultPriority;
        this.frame = NativeBuffer.allocate(queue.messageSize());
    }

    /**
     * Opens (and creates, unless {@code create=false}) a queue for sending.
     *
     * @param uri e.g. {@code mq:/orders?maxMessages=10&maxMessage=1k&priority=1}
     * @return the publisher
     * @throws IllegalArgumentException when the URI is invalid
     * @throws ChannelException         when the queue cannot be opened, naming the limit exceeded
     */
    public static PosixMqPublisher open(String uri) {
        return open(ChannelUri.parse(uri));
    }

    static PosixMqPublisher open(ChannelUri uri) {
        PosixMqLimits limits = PosixMqLimits.read();
        PosixMqOptions options = PosixMqOptions.parse(uri, limits);
        PosixMessageQueue queue = PosixMessageQueue.open(options, NativeIo.O_WRONLY, limits);
        return new PosixMqPublisher(options.uri, queue, options.priority);
    }

    /**
     * Sends with the URI's default priority if the queue has room now.
     *
     * @see #offer(ByteBuffer, int, int, int, int)
     */
    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        return offer(src, offset, length, type, defaultPriority);
    }

    /**
     * Sends a message if the queue has room now.
     *
     * @param src      the payload's buffer (absolute indexes)
     * @param offset   index of the first payload byte
     * @param length   payload length, 0 to {@link #maxMessageLength()}
     * @param type     the message type, positive
     * @param priority 0 to {@link PosixMessageQueue#MAX_PRIORITY}; higher is received first
     * @return true when sent, false when the queue is full
     * @throws IllegalArgumentException when the length, type or priority is out of range
     * @throws ChannelClosedException   when this publisher is closed
     */
    public boolean offer(ByteBuffer src, int offset, int length, int type, int priority) {
        int frameLength = prepare(length, type, priority);
        QueueFrame.write(frame.buffer, 0, src, offset, length, type);
        return sendNow(frameLength, priority);
    }

    /**
     * Sends a payload held in an array with the default priority, copying it straight into the
     * frame (no wrapping buffer).
     */
    @Override
    public boolean offer(byte[] src, int offset, int length, int type) {
        int frameLength = prepare(length, type, defaultPriority);
        QueueFrame.write(frame.buffer, 0, src, offset, length, type);
        return sendNow(frameLength, defaultPriority);
    }

    /**
     * Sends with the URI's default priority, waiting up to {@code timeout} for room.
     *
     * @see #offer(ByteBuffer, int, int, int, int, long, TimeUnit)
     */
    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        return offer(src, offset, length, type, defaultPriority, timeout, unit);
    }

    /**
     * Sends a message, waiting up to {@code timeout} for room in the queue.
     *
     * @param src      the payload's buffer (absolute indexes)
     * @param offset   index of the first payload byte
     * @param length   payload length, 0 to {@link #maxMessageLength()}
     * @param type     the message type, positive
     * @param priority 0 to {@link PosixMessageQueue#MAX_PRIORITY}
     * @param timeout  the longest wait; 0 or less tries once
     * @param unit     its unit
     * @return true when sent, false when the timeout expired first
     * @throws InterruptedException     when the thread is interrupted before or while waiting
     * @throws IllegalArgumentException when the length, type or priority is out of range
     */
    public boolean offer(ByteBuffer src, int offset, int length, int type, int priority, long timeout, TimeUnit unit)
            throws InterruptedException {
        int frameLength = prepare(length, type, priority);
        QueueFrame.write(frame.buffer, 0, src, offset, length, type);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending to " + uri);
        }
        long end = System.nanoTime() + unit.toNanos(timeout);
        for (;;) {
            long remaining = end - System.nanoTime();
            if (remaining <= 0) {
                return sendNow(frameLength, priority);
            }
            deadline.setFromNow(Math.min(remaining, SLICE_NANOS));
            if (send(frameLength, priority)) {
                return true;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for room in " + uri);
            }
        }
    }

    private int prepare(int length, int type, int priority) {
        queue.checkOpen();
        MessageFrame.checkUserType(type);
        if (length < 0 || length > queue.maxPayloadLength()) {
            throw new IllegalArgumentException("length=" + length + " does not fit POSIX queue " + queue.name()
                    + ": its largest payload is " + queue.maxPayloadLength() + " (mq_msgsize=" + queue.messageSize()
                    + " minus the 8-byte frame header)");
        }
        if (priority < 0 || priority > PosixMessageQueue.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority=" + priority + " must be in [0, " + PosixMessageQueue.MAX_PRIORITY + "]");
        }
        return MessageFrame.HEADER_LENGTH + length;
    }

    private boolean sendNow(int frameLength, int priority) {
        deadline.setPast();
        return send(frameLength, priority);
    }

    /** @return true when sent; false when the deadline passed first (or a signal cut the wait short) */
    private boolean send(int frameLength, int priority) {
        if (Os.CALLS.mq_timedsend(queue.descriptor(), frame.address, frameLength, priority, deadline.address()) == 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.ETIMEDOUT || errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return false;
        }
        throw NativeIo.failure("mq_timedsend of " + frameLength + " bytes", errno, "POSIX queue " + queue.name());
    }

    /** @return the priority of messages offered without one */
    public int defaultPriority() {
        return defaultPriority;
    }

    /** @return the largest payload: the queue's mq_msgsize minus the 8-byte frame header */
    @Override
    public int maxMessageLength() {
        return queue.maxPayloadLength();
    }

    /** @return the queue this publisher sends to, for its attributes and depth */
    public PosixMessageQueue queue() {
        return queue;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Closes the descriptor; unlinks the queue only if this publisher created it with unlinkOnClose=true. */
    @Override
    public void close() {
        queue.close();
    }
}
