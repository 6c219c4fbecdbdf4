package io.ipcring.transport.mq;

/**
 * The flag and mode values the libc functions of POSIX and System V message queues take, which
 * only the queue transports use; the calls themselves are {@link io.ipcring.sync.os.Os#CALLS}'s,
 * errno values {@link io.ipcring.sync.os.Errno}'s, and the access modes
 * {@link io.ipcring.transport.internal.NativeIo}'s. Values are those of Linux on x86-64 and aarch64 (the
 * generic Linux ABI).
 */
final class QueueLibc {
    /** Create when absent. */
    static final int O_CREAT = 0100;
    /** Fail when present (with {@link #O_CREAT}). */
    static final int O_EXCL = 0200;

    /** System V: create the queue when the key has none. */
    static final int IPC_CREAT = 01000;
    /** System V: fail when the key has a queue already (with {@link #IPC_CREAT}). */
    static final int IPC_EXCL = 02000;
    /** System V: return at once instead of waiting. */
    static final int IPC_NOWAIT = 04000;
    /** System V msgrcv: truncate (and remove) a message longer than the buffer instead of failing. */
    static final int MSG_NOERROR = 010000;
    /** System V msgctl: remove the queue. */
    static final int IPC_RMID = 0;
    /** System V msgctl: set owner, mode and byte limit. */
    static final int IPC_SET = 1;
    /** System V msgctl: read the queue's state. */
    static final int IPC_STAT = 2;
    /** System V: the key that always creates a new, unnamed queue. */
    static final int IPC_PRIVATE = 0;

    /** clock_gettime: wall-clock time, the clock of mq_timedsend's and mq_timedreceive's deadlines. */
    static final int CLOCK_REALTIME = 0;

    /** Owner may read and write; nobody else may do anything. */
    static final int MODE_OWNER_READ_WRITE = 0600;

    private QueueLibc() {
    }
}
