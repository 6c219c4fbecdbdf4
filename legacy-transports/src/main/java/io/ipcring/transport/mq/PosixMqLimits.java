package io.ipcring.transport.mq;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The system limits on POSIX message queues and the explanations given when a queue cannot be
 * created because of them, so that a bare EINVAL, EMFILE or ENOSPC becomes a message naming the
 * limit, its value and how to raise it.
 *
 * <ul>
 *   <li>{@code /proc/sys/fs/mqueue/msg_max} (default 10): the most messages per queue;</li>
 *   <li>{@code /proc/sys/fs/mqueue/msgsize_max} (default 8192): the largest message;</li>
 *   <li>{@code /proc/sys/fs/mqueue/queues_max} (default 256): queues in the system;</li>
 *   <li>{@code RLIMIT_MSGQUEUE} ({@code ulimit -q}, default 819200): bytes of all queues of a user.</li>
 * </ul>
 * A process with CAP_SYS_RESOURCE may exceed msg_max and msgsize_max up to the kernel's hard
 * ceilings {@link #HARD_MSGMAX} and {@link #HARD_MSGSIZEMAX}; nothing may exceed those.
 */
final class PosixMqLimits {
    /** The kernel's ceiling of mq_maxmsg, even for privileged processes (Linux 3.5+). */
    static final long HARD_MSGMAX = 65_536;
    /** The kernel's ceiling of mq_msgsize, even for privileged processes (Linux 3.5+). */
    static final long HARD_MSGSIZEMAX = 16L * 1024 * 1024;
    /** Where the mqueue tunables live. */
    static final Path DIRECTORY = Paths.get("/proc/sys/fs/mqueue");

    private static final long DEFAULT_MESSAGES = 10;
    private static final long DEFAULT_MESSAGE_SIZE = 8192;

    private final long msgMax;
    private final long msgsizeMax;
    private final long queuesMax;
    private final long msgDefault;
    private final long msgsizeDefault;
    private final long rlimitMsgqueue;

    /**
     * @param msgMax         msg_max, or {@link ProcValues#UNKNOWN}
     * @param msgsizeMax     msgsize_max, or unknown
     * @param queuesMax      queues_max, or unknown
     * @param msgDefault     msg_default, or unknown
     * @param msgsizeDefault msgsize_default, or unknown
     * @param rlimitMsgqueue the soft RLIMIT_MSGQUEUE in bytes, unlimited, or unknown
     */
    PosixMqLimits(long msgMax, long msgsizeMax, long queuesMax, long msgDefault, long msgsizeDefault, long rlimitMsgqueue) {
        this.msgMax = msgMax;
        this.msgsizeMax = msgsizeMax;
        this.queuesMax = queuesMax;
        this.msgDefault = msgDefault;
        this.msgsizeDefault = msgsizeDefault;
        this.rlimitMsgqueue = rlimitMsgqueue;
    }

    /** @return the limits in force now, read from /proc */
    static PosixMqLimits read() {
        return new PosixMqLimits(
                ProcValues.read(DIRECTORY.resolve("msg_max")),
                ProcValues.read(DIRECTORY.resolve("msgsize_max")),
                ProcValues.read(DIRECTORY.resolve("queues_max")),
                ProcValues.read(DIRECTORY.resolve("msg_default")),
                ProcValues.read(DIRECTORY.resolve("msgsize_default")),
                ProcValues.softLimit(Paths.get("/proc/self/limits"), "Max msgqueue size"));
    }

    /** @return msg_max, or {@link ProcValues#UNKNOWN} */
    long msgMax() {
        return msgMax;
    }

    /** @return msgsize_max, or {@link ProcValues#UNKNOWN} */
    long msgsizeMax() {
        return msgsizeMax;
    }

    /** @return the mq_maxmsg a new queue gets when none is asked for: msg_default, else 10 */
    long defaultMaxMessages() {
        return msgDefault > 0 ? msgDefault : DEFAULT_MESSAGES;
    }

    /** @return the mq_msgsize a new queue gets when none is asked for: msgsize_default, else 8192 */
    long defaultMessageSize() {
        return msgsizeDefault > 0 ? msgsizeDefault : DEFAULT_MESSAGE_SIZE;
    }

    /**
     * Explains why mq_open(O_CREAT) refused the attributes with EINVAL.
     *
     * @param maxMessages the mq_maxmsg asked for
     * @param messageSize the mq_msgsize asked for (payload plus frame header)
     * @return the limits exceeded, with their values and how to raise them; or a note that no
     *         known limit was exceeded
     */
    String explainInvalid(long maxMessages, long messageSize) {
        StringBuilder why = new StringBuilder();
        if (maxMessages > HARD_MSGMAX) {
            why.append("maxMessages=").append(maxMessages).append(" exceeds the kernel's hard limit HARD_MSGMAX=")
                    .append(HARD_MSGMAX).append(" that no setting raises");
        } else if (msgMax != ProcValues.UNKNOWN && maxMessages > msgMax) {
            why.append("maxMessages=").append(maxMessages).append(" exceeds ").append(DIRECTORY.resolve("msg_max"))
                    .append('=').append(msgMax).append(" (raise it with: sysctl -w fs.mqueue.msg_max=").append(maxMessages)
                    .append(", or run with CAP_SYS_RESOURCE)");
        }
        if (messageSize > HARD_MSGSIZEMAX) {
            separate(why).append("message size ").append(messageSize)
                    .append(" (maxMessage + 8-byte frame header) exceeds the kernel's hard limit HARD_MSGSIZEMAX=")
                    .append(HARD_MSGSIZEMAX).append(" that no setting raises");
        } else if (msgsizeMax != ProcValues.UNKNOWN && messageSize > msgsizeMax) {
            separate(why).append("message size ").append(messageSize).append(" (maxMessage + 8-byte frame header) exceeds ")
                    .append(DIRECTORY.resolve("msgsize_max")).append('=').append(msgsizeMax)
                    .append(" (raise it with: sysctl -w fs.mqueue.msgsize_max=").append(messageSize)
                    .append(", or run with CAP_SYS_RESOURCE)");
        }
        if (why.length() == 0) {
            why.append("maxMessages=").append(maxMessages).append(" and message size ").append(messageSize)
                    .append(" are within ").append(DIRECTORY.resolve("msg_max")).append('=').append(msgMax).append(" and ")
                    .append(DIRECTORY.resolve("msgsize_max")).append('=').append(msgsizeMax)
                    .append("; the kernel rejected the name or the attributes");
        }
        return why.toString();
    }

    /**
     * Explains EMFILE from mq_open(O_CREAT).
     *
     * @param maxMessages the mq_maxmsg asked for
     * @param messageSize the mq_msgsize asked for
     * @return the two causes: the descriptor limit, or the user's RLIMIT_MSGQUEUE
     */
    String explainTooManyBytesOrFiles(long maxMessages, long messageSize) {
        return "the process has too many open files, or this user's queues would exceed RLIMIT_MSGQUEUE="
                + (rlimitMsgqueue == ProcValues.UNLIMITED ? "unlimited" : Long.toString(rlimitMsgqueue))
                + " bytes (ulimit -q; this queue needs about maxMessages × message size = "
                + maxMessages + " × " + messageSize + " = " + maxMessages * messageSize
                + " bytes plus kernel overhead; remove unused queues or raise the limit)";
    }

    /** @return an explanation of ENOSPC from mq_open(O_CREAT): the system-wide queue count */
    String explainTooManyQueues() {
        return "the system already has " + DIRECTORY.resolve("queues_max") + '=' + queuesMax
                + " queues (remove stale ones with mq_unlink, or raise it with: sysctl -w fs.mqueue.queues_max=N)";
    }

    private static StringBuilder separate(StringBuilder sb) {
        return sb.length() == 0 ? sb : sb.append("; ");
    }
}
