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
import io.ipcring.transport.NativeIo;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Receives messages from a POSIX message queue ({@code mq:/name?...}, see {@link PosixMqOptions}),
 * highest priority first and in sending order within a priority, as the kernel orders them. The
 * priority is available through {@link #poll(PriorityMessageHandler, int)}.
 *
 * <p>Messages are received with mq_timedreceive into one direct buffer of exactly the queue's
 * mq_msgsize (read with mq_getattr at open), so receiving allocates nothing. A non-blocking poll
 * passes a deadline in the past; a timed poll waits in the kernel in slices of at most
 * {@value PosixMqPublisher#SLICE_MILLIS} ms and checks for interruption between slices.
 *
 * <p><b>Malformed messages.</b> Anyone with write access can put arbitrary bytes in the queue. Each
 * received message is checked: at least the 8-byte header, its length field in
 * {@code [0, maxMessageLength()]} and equal to the message size minus 8, its type positive. A
 * message that fails is removed from the queue (the kernel has handed it over) and reported by a
 * {@link MalformedFrameException} from that poll; messages delivered earlier in the same poll
 * stay delivered. Because a queue message delimits itself, one bad message cannot desynchronise
 * the ones after it: the subscriber stays open and the next poll continues with the next message.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class PosixMqSubscriber implements Subscriber {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(PosixMqPublisher.SLICE_MILLIS);
    private static final long NOTHING = -1;

    private final String uri;
    private final String source;
    private final PosixMessageQueue queue;
    private final NativeBuffer message;
    private final NativeBuffer priority = NativeBuffer.allocate(Integer.BYTES);
    private final Timespec deadline = new Timespec();

    private PosixMqSubscriber(String uri, PosixMessageQueue queue) {
        this.uri = uri;
        this.source = "POSIX queue " + queue.name();
        this.queue = queue;
        this.message = NativeBuffer.allocate(queue.messageSize());
    }

    /**
     * Opens (and creates, unless {@code create=false}) a queue for receiving.
     *
     * @param uri e.g. {@code mq:/orders}
     * @return the subscriber
     * @throws IllegalArgumentException when the URI is invalid
     * @throws ChannelException         when the queue cannot be opened, naming the limit exceeded
     */
    public static PosixMqSubscriber open(String uri) {
        return open(ChannelUri.parse(uri));
    }

    static PosixMqSubscriber open(ChannelUri uri) {
        PosixMqLimits limits = PosixMqLimits.read();
        PosixMqOptions options = PosixMqOptions.parse(uri, limits);
        return new PosixMqSubscriber(options.uri, PosixMessageQueue.open(options, NativeIo.O_RDONLY, limits));
    }

    /**
     * {@inheritDoc}
     *
     * @throws MalformedFrameException when a received message is not a valid frame (see the class
     *                                 comment; the subscriber stays usable)
     */
    @Override
    public int poll(MessageHandler handler, int limit) {
        return pollNow(Objects.requireNonNull(handler, "handler"), null, limit);
    }

    /**
     * {@inheritDoc}
     *
     * @throws MalformedFrameException when a received message is not a valid frame
     */
    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return pollTimed(Objects.requireNonNull(handler, "handler"), null, limit, timeout, unit);
    }

    /**
     * Hands the messages available now, up to {@code limit}, to the handler with their priorities;
     * never waits.
     *
     * @param handler receives each message in place, with its priority
     * @param limit   the most messages to deliver, positive
     * @return the number delivered, 0 when the queue was empty
     * @throws MalformedFrameException when a received message is not a valid frame
     * @throws ChannelClosedException  when this subscriber is closed
     */
    public int poll(PriorityMessageHandler handler, int limit) {
        return pollNow(null, Objects.requireNonNull(handler, "handler"), limit);
    }

    /**
     * Like {@link #poll(PriorityMessageHandler, int)}, but waits up to {@code timeout} for a first
     * message.
     *
     * @param handler receives each message in place, with its priority
     * @param limit   the most messages to deliver, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the number delivered, 0 when the timeout expired
     * @throws InterruptedException    when the thread is interrupted before or while waiting
     * @throws MalformedFrameException when a received message is not a valid frame
     */
    public int poll(PriorityMessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return pollTimed(null, Objects.requireNonNull(handler, "handler"), limit, timeout, unit);
    }

    private int pollTimed(MessageHandler plain, PriorityMessageHandler prioritized, int limit, long timeout, TimeUnit unit)
            throws InterruptedException {
        checkLimit(limit);
        queue.checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before receiving from " + uri);
        }
        long end = System.nanoTime() + unit.toNanos(timeout);
        for (;;) {
            long remaining = end - System.nanoTime();
            if (remaining <= 0) {
                return drain(plain, prioritized, limit, 0);
            }
            deadline.setFromNow(Math.min(remaining, SLICE_NANOS));
            long received = receiveOne();
            if (received != NOTHING) {
                deliver(plain, prioritized, received);
                return drain(plain, prioritized, limit, 1);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a message from " + uri);
            }
        }
    }

    private int pollNow(MessageHandler plain, PriorityMessageHandler prioritized, int limit) {
        checkLimit(limit);
        queue.checkOpen();
        return drain(plain, prioritized, limit, 0);
    }

    /** Receives without waiting until {@code limit} messages are delivered in all or the queue is empty. */
    private int drain(MessageHandler plain, PriorityMessageHandler prioritized, int limit, int delivered) {
        int count = delivered;
        while (count < limit) {
            deadline.setPast();
            long received = receiveOne();
            if (received == NOTHING) {
                break;
            }
            deliver(plain, prioritized, received);
            count++;
        }
        return count;
    }

    /** @return the size of the message received into {@link #message}, or {@link #NOTHING} by the deadline */
    private long receiveOne() {
        long received = Os.CALLS.mq_timedreceive(queue.descriptor(), message.address, message.capacity(),
                priority.address, deadline.address());
        if (received >= 0) {
            return received;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.ETIMEDOUT || errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return NOTHING;
        }
        throw NativeIo.failure("mq_timedreceive into " + message.capacity() + " bytes", errno, source);
    }

    private void deliver(MessageHandler plain, PriorityMessageHandler prioritized, long received) {
        int length = QueueFrame.payloadLength(message.buffer, 0, received, queue.maxPayloadLength(), source);
        int type = MessageFrame.readType(message.buffer, 0, source);
        if (prioritized != null) {
            prioritized.onMessage(type, priority.buffer.getInt(0), message.buffer, MessageFrame.HEADER_LENGTH, length);
        } else {
            plain.onMessage(type, message.buffer, MessageFrame.HEADER_LENGTH, length);
        }
    }

    private static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
    }

    /** @return the largest payload: the queue's mq_msgsize minus the 8-byte frame header */
    public int maxMessageLength() {
        return queue.maxPayloadLength();
    }

    /** @return the queue this subscriber receives from, for its attributes and depth */
    public PosixMessageQueue queue() {
        return queue;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Closes the descriptor; unlinks the queue only if this subscriber created it with unlinkOnClose=true. */
    @Override
    public void close() {
        queue.close();
    }
}
