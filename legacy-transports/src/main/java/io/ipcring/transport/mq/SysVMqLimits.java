package io.ipcring.transport.mq;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The system limits on System V message queues, and the explanations given when a message or a
 * queue would exceed them.
 *
 * <ul>
 *   <li>{@code /proc/sys/kernel/msgmax} (default 8192): the largest message text, in bytes;</li>
 *   <li>{@code /proc/sys/kernel/msgmnb} (default 16384): a new queue's byte limit
 *       ({@code msg_qbytes}); raising one queue's limit above it needs CAP_SYS_RESOURCE;</li>
 *   <li>{@code /proc/sys/kernel/msgmni} (default 32000): queues in the system.</li>
 * </ul>
 */
final class SysVMqLimits {
    /** Where the tunables live. */
    static final Path DIRECTORY = Paths.get("/proc/sys/kernel");

    private static final long DEFAULT_MSGMAX = 8192;

    private final long msgmax;
    private final long msgmnb;
    private final long msgmni;

    /**
     * @param msgmax msgmax, or {@link ProcValues#UNKNOWN}
     * @param msgmnb msgmnb, or unknown
     * @param msgmni msgmni, or unknown
     */
    SysVMqLimits(long msgmax, long msgmnb, long msgmni) {
        this.msgmax = msgmax;
        this.msgmnb = msgmnb;
        this.msgmni = msgmni;
    }

    /** @return the limits in force now, read from /proc */
    static SysVMqLimits read() {
        return new SysVMqLimits(
                ProcValues.read(DIRECTORY.resolve("msgmax")),
                ProcValues.read(DIRECTORY.resolve("msgmnb")),
                ProcValues.read(DIRECTORY.resolve("msgmni")));
    }

    /** @return msgmax, or 8192 (the kernel's default) when it cannot be read */
    long msgmax() {
        return msgmax > 0 ? msgmax : DEFAULT_MSGMAX;
    }

    /**
     * @param frameBytes a frame size (payload plus 8-byte header) that exceeds msgmax
     * @return why such a message cannot be sent, and how to raise the limit
     */
    String explainMessageTooLong(long frameBytes) {
        return "a message of " + frameBytes + " bytes (payload + 8-byte frame header) exceeds "
                + DIRECTORY.resolve("msgmax") + '=' + msgmax() + " (raise it with: sysctl -w kernel.msgmax=" + frameBytes + ")";
    }

    /**
     * @param frameBytes a frame size that exceeds the queue's byte limit
     * @param queueBytes the queue's msg_qbytes
     * @return why such a message can never fit, and how to get a larger queue
     */
    String explainQueueTooSmall(long frameBytes, long queueBytes) {
        return "a message of " + frameBytes + " bytes (payload + 8-byte frame header) exceeds the queue's byte limit msg_qbytes="
                + queueBytes + " (new queues get " + DIRECTORY.resolve("msgmnb") + '=' + msgmnb
                + "; create the queue with queueBytes=N, or raise it with: sysctl -w kernel.msgmnb=N)";
    }

    /**
     * @param queueBytes the msg_qbytes asked for, refused with EPERM
     * @return why, and how to raise the limit
     */
    String explainQueueBytesRefused(long queueBytes) {
        return "queueBytes=" + queueBytes + " exceeds " + DIRECTORY.resolve("msgmnb") + '=' + msgmnb
                + ", which only a process with CAP_SYS_RESOURCE may exceed (raise it with: sysctl -w kernel.msgmnb="
                + queueBytes + ")";
    }

    /** @return an explanation of ENOSPC from msgget: the system-wide queue count */
    String explainTooManyQueues() {
        return "the system already has " + DIRECTORY.resolve("msgmni") + '=' + msgmni
                + " queues (remove stale ones with ipcrm -q, or raise it with: sysctl -w kernel.msgmni=N)";
    }
}
