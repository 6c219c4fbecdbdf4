package io.ipcring.sync;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.sync.os.Platform;

/**
 * The Linux constants and C structure shapes behind {@link PosixNamedSemaphore} and
 * {@link SysVSemaphoreSet}, whose calls go through {@link Os#CALLS}. Constants were checked
 * against the glibc 2.36 and kernel headers ({@code <bits/ipc.h>}, {@code <bits/sem.h>},
 * {@code <asm/sembuf.h>}, {@code <asm-generic/sembuf.h>}); they are the same on x86-64 and
 * aarch64 except the {@code semid_ds} layout, see {@link #SEMID_DS_NSEMS_OFFSET}. Open flags are
 * {@link io.ipcring.sync.os.OpenFlags}'s, errno values {@link Errno}'s.
 *
 * <p>C structs cross the boundary as Java arrays, which the binding copies to native memory and
 * back in native byte order: {@code struct sembuf {unsigned short sem_num; short sem_op; short
 * sem_flg;}} (6 bytes, no padding) as three {@code short}s per operation, {@code struct timespec
 * {long tv_sec; long tv_nsec;}} as a {@code long[2]}.
 */
final class OsSemaphoreConstants {
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

    /**
     * Byte offset of {@code sem_nsems} in the kernel's {@code struct semid64_ds}, which glibc
     * hands to the kernel unchanged on 64-bit targets: after the 48-byte {@code ipc64_perm},
     * x86-64 keeps an unused word after each of {@code sem_otime} and {@code sem_ctime} (80),
     * the generic layout used by aarch64 does not (64). -1 on any other platform.
     */
    static final int SEMID_DS_NSEMS_OFFSET = semidDsNsemsOffset(Platform.CURRENT);
    /** Longs reserved for a {@code struct semid_ds} (104 bytes on x86-64, 88 on aarch64). */
    static final int SEMID_DS_LONGS = 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private OsSemaphoreConstants() {
    }

    /**
     * Fills {@code timespec} with the CLOCK_REALTIME instant {@code nanos} from now, the
     * absolute deadline {@code sem_timedwait} takes.
     *
     * @param nanos    how far ahead, not negative
     * @param timespec a {@code long[2]}: seconds, nanoseconds
     */
    static void realtimeDeadline(long nanos, long[] timespec) {
        if (Os.CALLS.clock_gettime(CLOCK_REALTIME, timespec) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_REALTIME) failed: "
                    + Errno.describe(Os.CALLS.errno()));
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
     * @param platform a platform
     * @return the offset of {@code sem_nsems} in its {@code struct semid_ds}, -1 when unknown
     */
    static int semidDsNsemsOffset(Platform platform) {
        switch (platform) {
            case LINUX_X86_64:
                return 80;
            case LINUX_AARCH64:
                return 64;
            default:
                return -1;
        }
    }
}
