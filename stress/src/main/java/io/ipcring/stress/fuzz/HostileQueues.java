package io.ipcring.stress.fuzz;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/**
 * Raw message-queue sends, as a hostile process could make them: any bytes, any size the kernel
 * takes, any System V mtype. The transports' own bindings are private to them (and would refuse
 * to send a malformed frame), so the fuzzers bind the few calls they need here.
 */
final class HostileQueues {
    /** Open for writing only. */
    static final int O_WRONLY = 1;
    /** Fail with EAGAIN instead of waiting (POSIX mq). */
    static final int O_NONBLOCK = 04000;
    /** Fail with EAGAIN instead of waiting (System V). */
    static final int IPC_NOWAIT = 04000;
    /** Resource temporarily unavailable: the queue is full. */
    static final int EAGAIN = 11;

    /**
     * The jnr-ffi binding. Public only because jnr-ffi generates its implementation in another
     * class loader.
     */
    public interface Functions {
        /** mq_open without O_CREAT. */
        @SaveError
        int mq_open(String name, int flags);

        /** mq_send. */
        @SaveError
        int mq_send(int descriptor, @In byte[] message, @size_t long length, int priority);

        /** mq_close. */
        @SaveError
        int mq_close(int descriptor);

        /** msgsnd: {@code message} is the native long mtype followed by the text. */
        @SaveError
        int msgsnd(int queueId, @In byte[] message, @size_t long textLength, int flags);
    }

    /** Before glibc 2.34 the mq_* functions live in librt, so it is loaded too. */
    static final Functions LIBC = LibraryLoader.create(Functions.class).library("c").library("rt").load();
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private HostileQueues() {
    }

    /** @return errno of the calling thread's last call through {@link #LIBC} */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }
}
