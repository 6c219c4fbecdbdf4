package io.ipcring.sync;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/** The few libc functions the sync module calls, bound with jnr-ffi. Linux only. */
final class Libc {
    /** Open for reading and writing. */
    static final int O_RDWR = 2;
    /** Create when absent. */
    static final int O_CREAT = 0100;
    /** Fail when present (with O_CREAT). */
    static final int O_EXCL = 0200;
    /** Close on exec. */
    static final int O_CLOEXEC = 02000000;

    /** Operation not permitted. */
    static final int EPERM = 1;
    /** No such file or directory / process. */
    static final int ENOENT = 2;
    /** No such process. */
    static final int ESRCH = 3;
    /** Interrupted system call. */
    static final int EINTR = 4;
    /** Resource temporarily unavailable. */
    static final int EAGAIN = 11;
    /** Permission denied. */
    static final int EACCES = 13;
    /** File exists. */
    static final int EEXIST = 17;
    /** Invalid argument. */
    static final int EINVAL = 22;
    /** File too large: beyond the process's file size limit (RLIMIT_FSIZE). */
    static final int EFBIG = 27;
    /** No space left on device. */
    static final int ENOSPC = 28;
    /** Operation not supported (by the file system). */
    static final int EOPNOTSUPP = 95;
    /** Connection timed out: a timed wait expired. */
    static final int ETIMEDOUT = 110;

    /**
     * The jnr-ffi binding. Public only because jnr-ffi generates its implementation in another
     * class loader; not part of the API.
     */
    public interface Functions {
        @SaveError
        int open(String path, int flags, int mode);

        @SaveError
        int fchmod(int fd, int mode);

        int posix_fallocate(int fd, long offset, long length);

        @SaveError
        int close(int fd);

        @SaveError
        int kill(int pid, int signal);

        /**
         * {@code syscall(2)} with five arguments, enough for every call made here (a futex wait
         * or wake ignores its sixth argument). Six parameters is jnr-ffi's fast-path limit: with a
         * seventh, every call allocated a 72-byte invocation buffer on the heap.
         */
        @SaveError
        long syscall(long number, long a1, long a2, long a3, long a4, long a5);
    }

    static final Functions LIBC = LibraryLoader.create(Functions.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Libc() {
    }

    /** @return errno of the calling thread's last call through {@link #LIBC} */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }
}
