package io.ipcring.transport.mq;

/**
 * A System V queue's state, as {@code msgctl(IPC_STAT)} reports it.
 *
 * @param bytes           msg_cbytes: bytes of message text in the queue now (frame headers included)
 * @param messages        msg_qnum: messages in the queue now
 * @param maxBytes        msg_qbytes: the most bytes the queue holds
 * @param lastSenderPid   msg_lspid: the process of the last msgsnd, 0 if none
 * @param lastReceiverPid msg_lrpid: the process of the last msgrcv, 0 if none
 */
public record SysVQueueStatus(long bytes, long messages, long maxBytes, int lastSenderPid, int lastReceiverPid) {
}
