package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.NativeIo;
import java.nio.file.Path;

/**
 * An open System V message queue ({@code msgget}), held by a {@link SysVMqPublisher} or
 * {@link SysVMqSubscriber}: its key and id, its byte limit, its state, and who removes it.
 *
 * <p>A queue outlives the processes that use it: it stays, with its messages, until someone
 * removes it ({@link #remove(int)}, {@code ipcrm -q}) or the system reboots. An endpoint opened with
 * {@code removeOnClose=true} removes the queue when it closes, but only if it created the queue.
 * Once removed, every endpoint's next operation fails with {@link ChannelClosedException}.
 *
 * <p>Message format: the message's {@code mtype} is the ipcring message type (positive, as System
 * V requires), and its text is the whole ipcring frame (8-byte header + payload), so the type
 * appears twice and the receiver checks that both agree and that the length field matches the
 * message size. A frame may not exceed /proc/sys/kernel/msgmax (the largest message text) nor the
 * queue's byte limit msg_qbytes, so the largest payload is the smaller of the two minus 8.
 *
 * <p>Not thread-safe: use and close from one thread.
 */
public final class SysVMessageQueue implements AutoCloseable {
    /**
     * The largest frame an endpoint uses when no maxMessage is given, even if msgmax and the
     * queue's byte limit allow more, so that a generous system setting does not make every
     * endpoint allocate huge buffers.
     */
    public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

    private static final int OPEN_ATTEMPTS = 3;
    /** What EIDRM, or EINVAL for an id that no longer exists, means. */
    private static final String REMOVED = "the queue was removed";

    private final int key;
    private final int id;
    private final boolean created;
    private final boolean removeOnClose;
    private final int maxPayload;
    private final long maxBytesAtOpen;
    private final SysVMqLimits limits;
    private final NativeBuffer status;
    private final String source;
    private boolean closed;

    private SysVMessageQueue(int key, int id, boolean created, boolean removeOnClose, int maxPayload, long maxBytesAtOpen,
                             SysVMqLimits limits, NativeBuffer status) {
        this.key = key;
        this.id = id;
        this.created = created;
        this.removeOnClose = removeOnClose;
        this.maxPayload = maxPayload;
        this.maxBytesAtOpen = maxBytesAtOpen;
        this.limits = limits;
        this.status = status;
        this.source = describeKey(key);
    }

    /**
     * Opens the queue of the options' key, creating it (mode 0600) when absent and allowed.
     *
     * @param options key, creation settings, largest payload
     * @param limits  the system's limits
     * @return the open queue
     * @throws ChannelException naming the limit exceeded, or why the queue cannot be opened
     */
    static SysVMessageQueue open(SysVMqOptions options, SysVMqLimits limits) {
        NativeBuffer status = NativeBuffer.allocate(MsqidDs.LENGTH);
        String source = describeKey(options.key) + " (uri " + options.uri + ")";
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            if (options.create) {
                int id = Os.CALLS.msgget(options.key, QueueLibc.IPC_CREAT | QueueLibc.IPC_EXCL | QueueLibc.MODE_OWNER_READ_WRITE);
                if (id >= 0) {
                    return attach(options, id, true, limits, status);
                }
                int errno = Os.CALLS.errno();
                if (errno != Errno.EEXIST) {
                    throw NativeIo.failure("creating it with msgget(IPC_CREAT | IPC_EXCL)", errno, source,
                            errno == Errno.ENOSPC ? limits.explainTooManyQueues() : reason(errno));
                }
            }
            int id = Os.CALLS.msgget(options.key, 0);
            if (id >= 0) {
                return attach(options, id, false, limits, status);
            }
            int errno = Os.CALLS.errno();
            if (errno != Errno.ENOENT || !options.create) {
                throw NativeIo.failure("opening it with msgget", errno, source, errno == Errno.ENOENT
                        ? "no queue has this key, and create=false forbids creating it" : reason(errno));
            }
            // removed between our two msgget calls: try to create it again
        }
        throw new ChannelException(describeKey(options.key) + ": the queue kept appearing and disappearing during "
                + OPEN_ATTEMPTS + " attempts to open it (uri " + options.uri + ")");
    }

    private static SysVMessageQueue attach(SysVMqOptions options, int id, boolean created, SysVMqLimits limits,
                                           NativeBuffer status) {
        try {
            stat(id, status, options.key);
            if (created && options.queueBytes != SysVMqOptions.UNSET) {
                status.buffer.putLong(MsqidDs.MAX_BYTES_OFFSET, options.queueBytes);
                if (Os.CALLS.msgctl(id, QueueLibc.IPC_SET, status.address) != 0) {
                    int errno = Os.CALLS.errno();
                    throw NativeIo.failure("setting its byte limit with msgctl(IPC_SET, msg_qbytes=" + options.queueBytes + ")",
                            errno, describeKey(options.key),
                            errno == Errno.EPERM ? limits.explainQueueBytesRefused(options.queueBytes) : reason(errno));
                }
                stat(id, status, options.key);
            }
            long maxBytes = status.buffer.getLong(MsqidDs.MAX_BYTES_OFFSET);
            long largestFrame = Math.min(limits.msgmax(), maxBytes);
            long maxPayload;
            if (options.maxPayload == SysVMqOptions.UNSET) {
                maxPayload = Math.min(largestFrame, DEFAULT_MAX_FRAME) - MessageFrame.HEADER_LENGTH;
                if (maxPayload < 0) {
                    throw new ChannelException(describeKey(options.key) + ": messages of at most " + largestFrame
                            + " bytes cannot carry the 8-byte frame header: "
                            + limits.explainMessageTooLong(MessageFrame.HEADER_LENGTH));
                }
            } else {
                maxPayload = options.maxPayload;
                long frame = maxPayload + MessageFrame.HEADER_LENGTH;
                if (frame > largestFrame) {
                    throw new ChannelException(describeKey(options.key) + ": maxMessage=" + maxPayload + " is too large: "
                            + (frame > limits.msgmax() ? limits.explainMessageTooLong(frame)
                            : limits.explainQueueTooSmall(frame, maxBytes)));
                }
            }
            return new SysVMessageQueue(options.key, id, created, options.removeOnClose, (int) maxPayload, maxBytes, limits,
                    status);
        } catch (RuntimeException e) {
            if (created) {
                Os.CALLS.msgctl(id, QueueLibc.IPC_RMID, 0);
            }
            throw e;
        }
    }

    private static void stat(int id, NativeBuffer status, int key) {
        if (Os.CALLS.msgctl(id, QueueLibc.IPC_STAT, status.address) != 0) {
            int errno = Os.CALLS.errno();
            if (errno == Errno.EINVAL || errno == Errno.EIDRM) {
                throw NativeIo.closed("msgctl(IPC_STAT)", errno, describeKey(key), REMOVED);
            }
            throw NativeIo.failure("msgctl(IPC_STAT)", errno, describeKey(key), reason(errno));
        }
    }

    /** @return what a failed call on a queue means here, or null when errno's text says it all */
    private static String reason(int errno) {
        switch (errno) {
            case Errno.EACCES:
                return "the queue belongs to another user, or its mode forbids this access";
            case Errno.EPERM:
                return "only the queue's owner, creator or a privileged process may do this";
            case Errno.EIDRM:
            case Errno.EINVAL:
                return REMOVED;
            case Errno.ENOSYS:
                return "the kernel has no System V IPC (CONFIG_SYSVIPC)";
            default:
                return null;
        }
    }

    /**
     * The key {@code ftok} makes of an existing file and a project id, as {@code sysvmq:/path?proj=N}
     * uses: every process naming the same file and id gets the same key.
     *
     * @param path an existing file or directory
     * @param proj the project id, 1 to 255
     * @return the key
     * @throws IllegalArgumentException when the file does not exist or proj is out of range
     */
    public static int key(Path path, int proj) {
        return key(path.toString(), proj);
    }

    static int key(String path, int proj) {
        if (proj < 1 || proj > 255) {
            throw new IllegalArgumentException("proj=" + proj + " must be in [1, 255] (ftok uses its low 8 bits, and 0 is undefined)");
        }
        int key = Os.CALLS.ftok(path, proj);
        if (key == -1) {
            throw new IllegalArgumentException("ftok(" + path + ", " + proj + ") failed: " + Errno.describe(Os.CALLS.errno())
                    + " (the path must name an existing file)");
        }
        return key;
    }

    /**
     * Removes the queue of a key, with its messages (IPC_RMID). Endpoints that have it open fail on
     * their next operation with {@link ChannelClosedException}.
     *
     * @param key the queue's key
     * @return true when removed, false when no queue had that key
     * @throws ChannelException when the queue exists but may not be removed by this process
     */
    public static boolean remove(int key) {
        int id = Os.CALLS.msgget(key, 0);
        if (id < 0) {
            int errno = Os.CALLS.errno();
            if (errno == Errno.ENOENT) {
                return false;
            }
            throw NativeIo.failure("finding it to remove it with msgget", errno, describeKey(key), reason(errno));
        }
        return removeId(id, key);
    }

    private static boolean removeId(int id, int key) {
        if (Os.CALLS.msgctl(id, QueueLibc.IPC_RMID, 0) == 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.EINVAL || errno == Errno.EIDRM) {
            return false;
        }
        throw NativeIo.failure("removing it with msgctl(IPC_RMID)", errno, describeKey(key), reason(errno));
    }

    /**
     * @param key a key
     * @return true when a queue has that key
     * @throws ChannelException when that cannot be told
     */
    public static boolean exists(int key) {
        if (Os.CALLS.msgget(key, 0) >= 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.ENOENT) {
            return false;
        }
        throw NativeIo.failure("telling whether it exists with msgget", errno, describeKey(key), reason(errno));
    }

    /** @return the key */
    public int key() {
        return key;
    }

    /** @return the queue's id (msqid), as {@code ipcs -q} shows it */
    public int id() {
        return id;
    }

    /** @return true when this endpoint's msgget created the queue */
    public boolean created() {
        return created;
    }

    /** @return true when {@link #close()} will remove the queue */
    public boolean removesOnClose() {
        return created && removeOnClose;
    }

    /** @return the largest payload an endpoint on this queue sends or accepts */
    public int maxPayloadLength() {
        return maxPayload;
    }

    /**
     * @return the queue's state now (msgctl IPC_STAT)
     * @throws ChannelClosedException when this endpoint is closed or the queue was removed
     */
    public SysVQueueStatus status() {
        checkOpen();
        stat(id, status, key);
        return new SysVQueueStatus(
                status.buffer.getLong(MsqidDs.CURRENT_BYTES_OFFSET),
                status.buffer.getLong(MsqidDs.MESSAGE_COUNT_OFFSET),
                status.buffer.getLong(MsqidDs.MAX_BYTES_OFFSET),
                status.buffer.getInt(MsqidDs.LAST_SENDER_PID_OFFSET),
                status.buffer.getInt(MsqidDs.LAST_RECEIVER_PID_OFFSET));
    }

    /**
     * Explains why a payload does not fit.
     *
     * @param length a payload length above {@link #maxPayloadLength()}
     * @return the limit it exceeds, its value and how to raise it
     */
    String explainTooLong(int length) {
        long frame = (long) MessageFrame.HEADER_LENGTH + length;
        if (frame > limits.msgmax()) {
            return limits.explainMessageTooLong(frame);
        }
        if (frame > maxBytesAtOpen) {
            return limits.explainQueueTooSmall(frame, maxBytesAtOpen);
        }
        return "the endpoint was opened with maxMessage=" + maxPayload;
    }

    /**
     * Turns the errno of a failed msgsnd or msgrcv into an exception: the queue's removal (EIDRM,
     * or EINVAL for an id that no longer exists) closes the channel, as a vanished peer closes a
     * stream's; anything else is {@link NativeIo#failure(String, int, String, String)}'s.
     *
     * @param operation what failed, e.g. "msgsnd of 100 bytes"
     * @param errno     the errno
     * @return the exception to throw
     */
    ChannelException failure(String operation, int errno) {
        String source = describeKey(key) + " (msqid=" + id + ")";
        if (errno == Errno.EIDRM || errno == Errno.EINVAL && !stillExists()) {
            return NativeIo.closed(operation, errno, source, REMOVED);
        }
        if (errno == Errno.EINVAL) {
            return NativeIo.failure(operation, errno, source, "the kernel rejected the size (is "
                    + SysVMqLimits.DIRECTORY.resolve("msgmax") + " now below " + (MessageFrame.HEADER_LENGTH + maxPayload) + "?)");
        }
        return NativeIo.failure(operation, errno, source, reason(errno));
    }

    private boolean stillExists() {
        return Os.CALLS.msgctl(id, QueueLibc.IPC_STAT, status.address) == 0;
    }

    /** @return the queue id, valid while open */
    int descriptor() {
        return id;
    }

    /** @throws ChannelClosedException when this endpoint is closed */
    void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(describeKey(key) + " is closed");
        }
    }

    /** @return the queue described for messages, e.g. {@code "System V queue key=0x00001234"} */
    String source() {
        return source;
    }

    private static String describeKey(int key) {
        return String.format("System V queue key=0x%08x", key);
    }

    /**
     * Detaches this endpoint (System V queues have no descriptor to close), and removes the queue
     * when this endpoint created it and {@code removeOnClose} was asked for. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (removesOnClose()) {
            removeId(id, key);
        }
    }

    @Override
    public String toString() {
        return describeKey(key) + " (msqid=" + id + ", maxPayload=" + maxPayload + ")";
    }
}
