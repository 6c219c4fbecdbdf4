package io.ipcring.transport.mq;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.key_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc functions of POSIX and System V message queues, bound with jnr-ffi, and the constants
 * they take. Values are those of Linux on x86-64 and aarch64 (the generic Linux ABI).
 *
 * <p>Buffers are passed as {@link Pointer}s over memory allocated once per endpoint, so a call in
 * steady state allocates nothing.
 */
final class QueueLibc {
    /** Open for reading only. */
    static final int O_RDONLY = 0;
    /** Open for writing only. */
    static final int O_WRONLY = 1;
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

    /** Operation not permitted. */
    static final int EPERM = 1;
    /** No such file or directory (no such queue). */
    static final int ENOENT = 2;
    /** Interrupted system call. */
    static final int EINTR = 4;
    /** Argument list too long: the message is longer than the receive buffer. */
    static final int E2BIG = 7;
    /** Bad file descriptor. */
    static final int EBADF = 9;
    /** Resource temporarily unavailable: the queue is full (or empty, for mq). */
    static final int EAGAIN = 11;
    /** Out of memory. */
    static final int ENOMEM = 12;
    /** Permission denied. */
    static final int EACCES = 13;
    /** File exists. */
    static final int EEXIST = 17;
    /** Invalid argument. */
    static final int EINVAL = 22;
    /** Too many open files in the system. */
    static final int ENFILE = 23;
    /** Too many open files in the process, or RLIMIT_MSGQUEUE reached. */
    static final int EMFILE = 24;
    /** No space left: a system-wide count of queues is reached. */
    static final int ENOSPC = 28;
    /** File name too long. */
    static final int ENAMETOOLONG = 36;
    /** Function not implemented: the kernel has no message queues. */
    static final int ENOSYS = 38;
    /** System V: no message of the requested type (with IPC_NOWAIT). */
    static final int ENOMSG = 42;
    /** System V: the queue was removed. */
    static final int EIDRM = 43;
    /** POSIX mq: the receive buffer is shorter than the queue's message size, or a message too long. */
    static final int EMSGSIZE = 90;
    /** A deadline passed before the call could complete. */
    static final int ETIMEDOUT = 110;

    /**
     * The jnr-ffi binding. Public only because jnr-ffi generates its implementation in another
     * class loader; not part of the API.
     */
    public interface Functions {
        /** mq_open with O_CREAT: the attributes pointer may be null when not creating. */
        @SaveError
        int mq_open(String name, int flags, @mode_t int mode, Pointer attributes);

        @SaveError
        int mq_close(int descriptor);

        @SaveError
        int mq_unlink(String name);

        @SaveError
        int mq_getattr(int descriptor, Pointer attributes);

        @SaveError
        int mq_timedsend(int descriptor, Pointer message, @size_t long length, int priority, Pointer deadline);

        @ssize_t
        @SaveError
        long mq_timedreceive(int descriptor, Pointer buffer, @size_t long length, Pointer priority, Pointer deadline);

        @SaveError
        int clock_gettime(int clock, Pointer timespec);

        @SaveError
        int msgget(@key_t int key, int flags);

        @SaveError
        int msgsnd(int queueId, Pointer message, @size_t long length, int flags);

        @ssize_t
        @SaveError
        long msgrcv(int queueId, Pointer message, @size_t long length, long type, int flags);

        @SaveError
        int msgctl(int queueId, int command, Pointer status);

        @key_t
        @SaveError
        int ftok(String path, int projectId);
    }

    /** The bound functions. Before glibc 2.34 the mq_* functions live in librt, so it is loaded too. */
    static final Functions LIBC = LibraryLoader.create(Functions.class).library("c").library("rt").load();
    /** The jnr runtime of {@link #LIBC}, for errno and native memory. */
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private QueueLibc() {
    }

    /** @return errno of the calling thread's last call through {@link #LIBC} */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /**
     * @param errno an errno value
     * @return its symbolic name and number, e.g. {@code "EINVAL (22)"}, for error messages
     */
    static String describe(int errno) {
        return name(errno) + " (" + errno + ")";
    }

    private static String name(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case EINTR: return "EINTR";
            case E2BIG: return "E2BIG";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EEXIST: return "EEXIST";
            case EINVAL: return "EINVAL";
            case ENFILE: return "ENFILE";
            case EMFILE: return "EMFILE";
            case ENOSPC: return "ENOSPC";
            case ENAMETOOLONG: return "ENAMETOOLONG";
            case ENOSYS: return "ENOSYS";
            case ENOMSG: return "ENOMSG";
            case EIDRM: return "EIDRM";
            case EMSGSIZE: return "EMSGSIZE";
            case ETIMEDOUT: return "ETIMEDOUT";
            default: return "errno";
        }
    }
}
