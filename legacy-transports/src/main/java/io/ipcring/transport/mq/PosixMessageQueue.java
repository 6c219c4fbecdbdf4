package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.NativeIo;

/**
 * An open POSIX message queue descriptor ({@code mq_open}), held by a {@link PosixMqPublisher} or
 * {@link PosixMqSubscriber}: the queue's attributes, its current depth, and who removes it.
 *
 * <p>A queue outlives the processes that use it: messages sent before a receiver exists wait in
 * the kernel until one opens the queue, and the queue stays until {@link #unlink(String)} removes
 * its name (or the system reboots). An endpoint opened with {@code unlinkOnClose=true} unlinks the
 * queue when it closes, but only if it created the queue.
 *
 * <p>Every queue message is one ipcring frame (8-byte header + payload), so a queue's mq_msgsize
 * is the largest payload plus 8. Not thread-safe: use and close from one thread.
 */
public final class PosixMessageQueue implements AutoCloseable {
    /** The highest message priority on Linux (MQ_PRIO_MAX − 1); 0 is the lowest. */
    public static final int MAX_PRIORITY = 32_767;

    private static final int OPEN_ATTEMPTS = 3;

    private final String name;
    private final int descriptor;
    private final long maxMessages;
    private final int messageSize;
    private final boolean created;
    private final boolean unlinkOnClose;
    private final NativeBuffer attributes;
    private boolean closed;

    private PosixMessageQueue(String name, int descriptor, long maxMessages, int messageSize, boolean created,
                              boolean unlinkOnClose, NativeBuffer attributes) {
        this.name = name;
        this.descriptor = descriptor;
        this.maxMessages = maxMessages;
        this.messageSize = messageSize;
        this.created = created;
        this.unlinkOnClose = unlinkOnClose;
        this.attributes = attributes;
    }

    /**
     * Opens the queue, creating it (mode 0600) when absent and allowed.
     *
     * @param options    name, attributes for creation, flags
     * @param accessMode {@link NativeIo#O_RDONLY} or {@link NativeIo#O_WRONLY}
     * @param limits     the system's limits, to explain a refusal
     * @return the open queue
     * @throws ChannelException naming the limit exceeded, or the reason the queue cannot be opened
     */
    static PosixMessageQueue open(PosixMqOptions options, int accessMode, PosixMqLimits limits) {
        NativeBuffer attributes = NativeBuffer.allocate(MqAttr.LENGTH);
        String source = "POSIX queue " + options.name + " (uri " + options.uri + ")";
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            if (options.create) {
                attributes.buffer.putLong(MqAttr.FLAGS_OFFSET, 0);
                attributes.buffer.putLong(MqAttr.MAX_MESSAGES_OFFSET, options.maxMessages);
                attributes.buffer.putLong(MqAttr.MESSAGE_SIZE_OFFSET, options.messageSize);
                attributes.buffer.putLong(MqAttr.CURRENT_MESSAGES_OFFSET, 0);
                int fd = Os.CALLS.mq_open(options.name, accessMode | QueueLibc.O_CREAT | QueueLibc.O_EXCL,
                        QueueLibc.MODE_OWNER_READ_WRITE, attributes.address);
                if (fd >= 0) {
                    return attach(options, fd, true, attributes);
                }
                int errno = Os.CALLS.errno();
                if (errno != Errno.EEXIST) {
                    throw NativeIo.failure("creating it with mq_open(O_CREAT | O_EXCL)", errno, source,
                            createReason(options, errno, limits));
                }
            }
            int fd = Os.CALLS.mq_open(options.name, accessMode, 0, 0);
            if (fd >= 0) {
                return attach(options, fd, false, attributes);
            }
            int errno = Os.CALLS.errno();
            if (errno != Errno.ENOENT || !options.create) {
                throw NativeIo.failure("opening it with mq_open", errno, source, errno == Errno.ENOENT
                        ? "no such queue, and create=false forbids creating it" : commonReason(errno));
            }
            // unlinked between our two mq_open calls: try to create it again
        }
        throw new ChannelException("POSIX queue " + options.name + " kept appearing and disappearing during "
                + OPEN_ATTEMPTS + " attempts to open it (uri " + options.uri + ")");
    }

    private static PosixMessageQueue attach(PosixMqOptions options, int fd, boolean created, NativeBuffer attributes) {
        try {
            readAttributes(fd, attributes, options.name);
            long maxMessages = attributes.buffer.getLong(MqAttr.MAX_MESSAGES_OFFSET);
            long messageSize = attributes.buffer.getLong(MqAttr.MESSAGE_SIZE_OFFSET);
            if (messageSize < MessageFrame.HEADER_LENGTH || messageSize > PosixMqLimits.HARD_MSGSIZEMAX) {
                throw new ChannelException("POSIX queue " + options.name + " has mq_msgsize=" + messageSize
                        + ", outside [" + MessageFrame.HEADER_LENGTH + ", " + PosixMqLimits.HARD_MSGSIZEMAX
                        + "]: it cannot carry ipcring frames (8-byte header + payload)");
            }
            return new PosixMessageQueue(options.name, fd, maxMessages, (int) messageSize, created, options.unlinkOnClose,
                    attributes);
        } catch (RuntimeException e) {
            Os.CALLS.mq_close(fd);
            if (created) {
                Os.CALLS.mq_unlink(options.name);
            }
            throw e;
        }
    }

    private static void readAttributes(int fd, NativeBuffer attributes, String name) {
        if (Os.CALLS.mq_getattr(fd, attributes.address) != 0) {
            throw NativeIo.failure("mq_getattr", Os.CALLS.errno(), "POSIX queue " + name);
        }
    }

    /** @return what a failed creating mq_open means: the system limit exceeded where it is one */
    private static String createReason(PosixMqOptions options, int errno, PosixMqLimits limits) {
        switch (errno) {
            case Errno.EINVAL:
                return limits.explainInvalid(options.maxMessages, options.messageSize);
            case Errno.EMFILE:
                return limits.explainTooManyBytesOrFiles(options.maxMessages, options.messageSize);
            case Errno.ENOSPC:
                return limits.explainTooManyQueues();
            default:
                return commonReason(errno);
        }
    }

    /** @return what a failed call on a queue's name means here, or null when errno's text says it all */
    private static String commonReason(int errno) {
        switch (errno) {
            case Errno.EACCES:
                return "the queue belongs to another user, or its mode forbids this access";
            case Errno.ENAMETOOLONG:
                return "the name is too long (at most " + PosixMqOptions.NAME_MAX + " bytes after the slash)";
            case Errno.ENOSYS:
                return "the kernel has no POSIX message queues (CONFIG_POSIX_MQUEUE)";
            case Errno.EINVAL:
                return "the kernel rejected the name";
            default:
                return null;
        }
    }

    /**
     * Removes a queue's name. Processes that have it open keep using it; the kernel frees it when
     * the last one closes it. Messages still in it are lost.
     *
     * @param name the queue's name, e.g. {@code /orders}
     * @return true when removed, false when no queue had that name
     * @throws ChannelException when the queue exists but cannot be removed
     */
    public static boolean unlink(String name) {
        PosixMqOptions.checkName(name);
        if (Os.CALLS.mq_unlink(name) == 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.ENOENT) {
            return false;
        }
        throw NativeIo.failure("mq_unlink", errno, "POSIX queue " + name, commonReason(errno));
    }

    /**
     * @param name a queue's name, e.g. {@code /orders}
     * @return true when a queue has that name
     * @throws ChannelException when that cannot be told (e.g. the queue is not readable by us)
     */
    public static boolean exists(String name) {
        PosixMqOptions.checkName(name);
        int fd = Os.CALLS.mq_open(name, NativeIo.O_RDONLY, 0, 0);
        if (fd >= 0) {
            Os.CALLS.mq_close(fd);
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.ENOENT) {
            return false;
        }
        throw NativeIo.failure("telling whether it exists with mq_open(O_RDONLY)", errno, "POSIX queue " + name,
                commonReason(errno));
    }

    /** @return the queue's name */
    public String name() {
        return name;
    }

    /** @return mq_maxmsg: the most messages the queue holds */
    public long maxMessages() {
        return maxMessages;
    }

    /** @return mq_msgsize: the largest queue message, frame header included */
    public int messageSize() {
        return messageSize;
    }

    /** @return the largest payload: mq_msgsize minus the 8-byte frame header */
    public int maxPayloadLength() {
        return messageSize - MessageFrame.HEADER_LENGTH;
    }

    /**
     * @return mq_curmsgs: the messages waiting in the queue now
     * @throws ChannelClosedException when this descriptor is closed
     */
    public long currentMessages() {
        checkOpen();
        readAttributes(descriptor, attributes, name);
        return attributes.buffer.getLong(MqAttr.CURRENT_MESSAGES_OFFSET);
    }

    /** @return true when this descriptor's mq_open created the queue */
    public boolean created() {
        return created;
    }

    /** @return true when {@link #close()} will unlink the queue */
    public boolean unlinksOnClose() {
        return created && unlinkOnClose;
    }

    /** @return the mq descriptor, valid while open */
    int descriptor() {
        return descriptor;
    }

    /** @throws ChannelClosedException when this descriptor is closed */
    void checkOpen() {
        if (closed) {
            throw new ChannelClosedException("POSIX queue " + name + " is closed");
        }
    }

    /**
     * Closes the descriptor, and unlinks the queue when this descriptor created it and
     * {@code unlinkOnClose} was asked for. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Os.CALLS.mq_close(descriptor);
        if (unlinksOnClose()) {
            Os.CALLS.mq_unlink(name);
        }
    }

    @Override
    public String toString() {
        return "POSIX queue " + name + " (mq_maxmsg=" + maxMessages + ", mq_msgsize=" + messageSize + ")";
    }
}
