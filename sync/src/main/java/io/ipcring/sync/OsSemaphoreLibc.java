package io.ipcring.sync;

import java.util.Locale;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Encoding;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.annotations.Variadic;

/**
 * The libc calls behind {@link PosixNamedSemaphore} and {@link SysVSemaphoreSet}, bound with
 * jnr-ffi, and the Linux constants they take. Constants were checked against the glibc 2.36 and
 * kernel headers ({@code <bits/ipc.h>}, {@code <bits/sem.h>}, {@code <asm-generic/errno*.h>},
 * {@code <asm/sembuf.h>}, {@code <asm-generic/sembuf.h>}); they are the same on x86-64 and
 * aarch64 except the {@code semid_ds} layout, see {@link #SEMID_DS_NSEMS_OFFSET}.
 *
 * <p>C structs cross the boundary as Java arrays, which jnr-ffi copies to native memory and back
 * in native byte order: {@code struct sembuf {unsigned short sem_num; short sem_op; short
 * sem_flg;}} (6 bytes, no padding) as three {@code short}s per operation, {@code struct timespec
 * {long tv_sec; long tv_nsec;}} as a {@code long[2]}. Names and paths are passed as UTF-8
 * whatever the JVM's default charset, matching the byte count {@link PosixNamedSemaphore} checks.
 */
final class OsSemaphoreLibc {
    /** {@code open} flag: create when absent. */
    static final int O_CREAT = 0100;
    /** {@code open} flag: with O_CREAT, fail when present. */
    static final int O_EXCL = 0200;

    /** {@code semget} flag: create the set when the key has none. */
    static final int IPC_CREAT = 01000;
    /** {@code semget} flag: with IPC_CREAT, fail when the key has a set. */
    static final int IPC_EXCL = 02000;
    /** {@code sem_flg}: fail with EAGAIN instead of blocking. */
    static final int IPC_NOWAIT = 04000;
    /** {@code sem_flg}: the kernel reverts the operation when the process exits. */
    static final int SEM_UNDO = 0x1000;
    /** The key that always makes a new set, reachable only through its id. */
    static final int IPC_PRIVATE = 0;

    /** {@code semctl} command: remove the set, waking every waiter with EIDRM. */
    static final int IPC_RMID = 0;
    /** {@code semctl} command: copy the set's {@code struct semid_ds}. */
    static final int IPC_STAT = 2;
    /** {@code semctl} command: one semaphore's value. */
    static final int GETVAL = 12;
    /** {@code semctl} command: every semaphore's value into an {@code unsigned short[]}. */
    static final int GETALL = 13;
    /** {@code semctl} command: set one semaphore's value. */
    static final int SETVAL = 16;

    /** {@code clock_gettime} clock: wall-clock time, the clock of {@code sem_timedwait}. */
    static final int CLOCK_REALTIME = 0;

    /** Largest value of a POSIX semaphore ({@code SEM_VALUE_MAX} in glibc's local_lim.h). */
    static final int SEM_VALUE_MAX = Integer.MAX_VALUE;
    /** Largest value of a System V semaphore ({@code SEMVMX} in linux/sem.h). */
    static final int SEMVMX = 32767;
    /** Longest file name; glibc stores a POSIX semaphore "/x" as /dev/shm/sem.x. */
    static final int NAME_MAX = 255;

    /** Operation not permitted. */
    static final int EPERM = 1;
    /** No such file or directory, or no set for that key. */
    static final int ENOENT = 2;
    /** Interrupted by a signal. */
    static final int EINTR = 4;
    /** Too many operations in one semop ({@code SEMOPM}). */
    static final int E2BIG = 7;
    /** Would block (IPC_NOWAIT), or a semtimedop timeout. */
    static final int EAGAIN = 11;
    /** Out of memory. */
    static final int ENOMEM = 12;
    /** Permission denied. */
    static final int EACCES = 13;
    /** Already exists. */
    static final int EEXIST = 17;
    /** Too many open files in the system. */
    static final int ENFILE = 23;
    /** Too many open files in the process. */
    static final int EMFILE = 24;
    /** A semaphore index beyond the set. */
    static final int EFBIG = 27;
    /** Invalid argument. */
    static final int EINVAL = 22;
    /** No space: a system-wide limit on sets or semaphores is reached. */
    static final int ENOSPC = 28;
    /** A System V value would leave 0..SEMVMX. */
    static final int ERANGE = 34;
    /** A name longer than NAME_MAX. */
    static final int ENAMETOOLONG = 36;
    /** The set was removed. */
    static final int EIDRM = 43;
    /** A POSIX post beyond SEM_VALUE_MAX. */
    static final int EOVERFLOW = 75;
    /** A timed wait expired. */
    static final int ETIMEDOUT = 110;

    /**
     * Byte offset of {@code sem_nsems} in the kernel's {@code struct semid64_ds}, which glibc
     * hands to the kernel unchanged on 64-bit targets: after the 48-byte {@code ipc64_perm},
     * x86-64 keeps an unused word after each of {@code sem_otime} and {@code sem_ctime} (80),
     * the generic layout used by aarch64 does not (64). -1 on any other platform.
     */
    static final int SEMID_DS_NSEMS_OFFSET =
            semidDsNsemsOffset(System.getProperty("os.name"), System.getProperty("os.arch"));
    /** Longs reserved for a {@code struct semid_ds} (104 bytes on x86-64, 88 on aarch64). */
    static final int SEMID_DS_LONGS = 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * The jnr-ffi binding. Public only because jnr-ffi generates its implementation in another
     * class loader; not part of the API. Variadic C functions are declared with their fixed
     * argument count so jnr-ffi passes the rest the way the platform passes variadic arguments.
     */
    public interface Functions {
        @SaveError
        @Variadic(fixedCount = 2)
        Pointer sem_open(@Encoding("UTF-8") String name, int oflag, int mode, int value);

        @SaveError
        int sem_close(Pointer sem);

        @SaveError
        int sem_unlink(@Encoding("UTF-8") String name);

        @SaveError
        int sem_post(Pointer sem);

        @SaveError
        int sem_trywait(Pointer sem);

        @SaveError
        int sem_timedwait(Pointer sem, @In long[] absoluteTimespec);

        @SaveError
        int sem_getvalue(Pointer sem, @Out int[] value);

        @SaveError
        int clock_gettime(int clock, @Out long[] timespec);

        @SaveError
        int ftok(@Encoding("UTF-8") String path, int projectId);

        @SaveError
        int semget(int key, int nsems, int flags);

        @SaveError
        int semop(int semid, @In short[] sembufs, long nsops);

        @SaveError
        int semtimedop(int semid, @In short[] sembufs, long nsops, @In long[] relativeTimespec);

        @SaveError
        @Variadic(fixedCount = 3)
        int semctl(int semid, int semnum, int cmd, long arg);

        @SaveError
        @Variadic(fixedCount = 3)
        int semctl(int semid, int semnum, int cmd, @Out short[] values);

        @SaveError
        @Variadic(fixedCount = 3)
        int semctl(int semid, int semnum, int cmd, @Out long[] semidDs);
    }

    static final Functions LIBC = load();
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private OsSemaphoreLibc() {
    }

    private static Functions load() {
        try {
            return LibraryLoader.create(Functions.class).library("c").load();
        } catch (UnsatisfiedLinkError e) {
            // glibc before 2.34 keeps the semaphore functions in libpthread
            return LibraryLoader.create(Functions.class).library("c").library("pthread").load();
        }
    }

    /** @return errno of the calling thread's last call through {@link #LIBC} */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /**
     * Fills {@code timespec} with the CLOCK_REALTIME instant {@code nanos} from now, the
     * absolute deadline {@code sem_timedwait} takes.
     *
     * @param nanos    how far ahead, not negative
     * @param timespec a {@code long[2]}: seconds, nanoseconds
     */
    static void realtimeDeadline(long nanos, long[] timespec) {
        if (LIBC.clock_gettime(CLOCK_REALTIME, timespec) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_REALTIME) failed: " + errnoName(errno()));
        }
        long nsec = timespec[1] + nanos % NANOS_PER_SECOND;
        timespec[0] += nanos / NANOS_PER_SECOND + nsec / NANOS_PER_SECOND;
        timespec[1] = nsec % NANOS_PER_SECOND;
    }

    /**
     * Fills {@code timespec} with a relative duration, as {@code semtimedop} takes it.
     *
     * @param nanos    the duration, not negative
     * @param timespec a {@code long[2]}: seconds, nanoseconds
     */
    static void duration(long nanos, long[] timespec) {
        timespec[0] = nanos / NANOS_PER_SECOND;
        timespec[1] = nanos % NANOS_PER_SECOND;
    }

    /**
     * @param errno an error number
     * @return its symbolic name, such as {@code "ENOENT"}, or {@code "errno 99"} when not one of
     *         those these calls return
     */
    static String errnoName(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case EINTR: return "EINTR";
            case E2BIG: return "E2BIG";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EEXIST: return "EEXIST";
            case ENFILE: return "ENFILE";
            case EMFILE: return "EMFILE";
            case EFBIG: return "EFBIG";
            case EINVAL: return "EINVAL";
            case ENOSPC: return "ENOSPC";
            case ERANGE: return "ERANGE";
            case ENAMETOOLONG: return "ENAMETOOLONG";
            case EIDRM: return "EIDRM";
            case EOVERFLOW: return "EOVERFLOW";
            case ETIMEDOUT: return "ETIMEDOUT";
            default: return "errno " + errno;
        }
    }

    static int semidDsNsemsOffset(String osName, String osArch) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux") || osArch == null) {
            return -1;
        }
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return 80;
            case "aarch64":
            case "arm64":
                return 64;
            default:
                return -1;
        }
    }
}
