package io.ipcring.transport.mq;

/**
 * Layout of {@code struct msqid_ds} on 64-bit Linux (x86-64 and aarch64 share it), as
 * {@code msgctl(IPC_STAT)} fills it and {@code msgctl(IPC_SET)} reads it.
 *
 * <pre>
 *  0                                                48
 *  +------------------------------------------------+
 *  | msg_perm: struct ipc_perm (key, uid, gid, cuid, |
 *  |   cgid, mode @20, seq, reserved)               |
 *  +-----------+-----------+-----------+------------+  48
 *  | msg_stime | msg_rtime | msg_ctime | msg_cbytes |     (longs)
 *  +-----------+-----------+-----------+------------+  80
 *  | msg_qnum  | msg_qbytes| lspid|lrpid| reserved[2]|
 *  +-----------+-----------+-----------+------------+  120
 * </pre>
 */
final class MsqidDs {
    /** Offset of msg_perm.mode (permission bits, unsigned int). */
    static final int MODE_OFFSET = 20;
    /** Offset of msg_cbytes: bytes in the queue now. */
    static final int CURRENT_BYTES_OFFSET = 72;
    /** Offset of msg_qnum: messages in the queue now. */
    static final int MESSAGE_COUNT_OFFSET = 80;
    /** Offset of msg_qbytes: the most bytes the queue holds. */
    static final int MAX_BYTES_OFFSET = 88;
    /** Offset of msg_lspid: the pid of the last msgsnd (int). */
    static final int LAST_SENDER_PID_OFFSET = 96;
    /** Offset of msg_lrpid: the pid of the last msgrcv (int). */
    static final int LAST_RECEIVER_PID_OFFSET = 100;
    /** Size of the structure. */
    static final int LENGTH = 120;

    private MsqidDs() {
    }
}
