package io.ipcring.stress.fuzz;

import io.ipcring.sync.os.Os;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw message-queue sends, as a hostile process could make them: any bytes, any size the kernel
 * takes, any System V mtype, through {@link Os#CALLS}. The transports' endpoints would refuse to
 * send a malformed frame, so the fuzzers make these few calls themselves. Each sender copies a
 * message into one direct buffer of its own, whose address the call takes; not thread-safe.
 */
final class HostileQueues {
    /** Open for writing only. */
    private static final int O_WRONLY = 1;
    /** Fail with EAGAIN instead of waiting (POSIX mq). */
    private static final int O_NONBLOCK = 04000;
    /** Fail with EAGAIN instead of waiting (System V). */
    private static final int IPC_NOWAIT = 04000;
    /** Bytes of a System V message's {@code long mtype}, which precedes its text. */
    private static final int MTYPE_BYTES = Long.BYTES;

    private final ByteBuffer buffer;
    private final long address;

    /** @param capacity the longest message (System V: mtype and text) this sender sends */
    HostileQueues(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        address = Os.CALLS.address(buffer);
    }

    /**
     * Opens an existing POSIX queue for non-blocking sends.
     *
     * @param name the queue's name
     * @return the descriptor, or -1 with {@link Os#CALLS}' errno set
     */
    static int openPosix(String name) {
        return Os.CALLS.mq_open(name, O_WRONLY | O_NONBLOCK, 0, 0);
    }

    /** @param descriptor a descriptor of {@link #openPosix(String)} to close */
    static void closePosix(int descriptor) {
        Os.CALLS.mq_close(descriptor);
    }

    /**
     * Sends any bytes as one POSIX queue message: {@code mq_send}, which is {@code mq_timedsend}
     * without a deadline (the descriptor is non-blocking, so a full queue fails with EAGAIN).
     *
     * @param descriptor a descriptor of {@link #openPosix(String)}
     * @param message    the bytes
     * @param priority   the message's priority
     * @return 0 when sent, else the errno
     */
    int sendPosix(int descriptor, byte[] message, int priority) {
        buffer.put(0, message);
        return Os.CALLS.mq_timedsend(descriptor, address, message.length, priority, 0) == 0 ? 0 : Os.CALLS.errno();
    }

    /**
     * Sends any text with any mtype as one System V queue message, without waiting.
     *
     * @param queueId the queue's id
     * @param mtype   the message type (msgsnd refuses one below 1 with EINVAL)
     * @param text    the bytes
     * @return 0 when sent, else the errno
     */
    int sendSysV(int queueId, long mtype, byte[] text) {
        buffer.putLong(0, mtype).put(MTYPE_BYTES, text);
        return Os.CALLS.msgsnd(queueId, address, text.length, IPC_NOWAIT) == 0 ? 0 : Os.CALLS.errno();
    }
}
