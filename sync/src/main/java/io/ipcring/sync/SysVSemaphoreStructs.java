package io.ipcring.sync;

import io.ipcring.sync.os.Os;

/**
 * The C structures {@link SysVSemaphoreSet} exchanges with the kernel, laid out and read in one
 * place: the {@code struct sembuf} array of a {@code semop}/{@code semtimedop} call, built from
 * {@link SysVSemaphoreSet.Op}s and read back to describe a failed call, and the
 * {@code sem_nsems} field of a set's {@code struct semid_ds}. The shapes are
 * {@link OsSemaphoreConstants}'s; the binding copies the arrays to native memory and back.
 */
final class SysVSemaphoreStructs {
    /** The shorts of one {@code struct sembuf}: {@code sem_num}, {@code sem_op}, {@code sem_flg}. */
    static final int SEMBUF_SHORTS = 3;
    /** How many operations {@link #describeSembufs} lists. */
    static final int DESCRIBED_OPS = 8;

    private SysVSemaphoreStructs() {
    }

    /**
     * @param count the operations
     * @return a zeroed {@code struct sembuf[count]}
     */
    static short[] newSembufs(int count) {
        return new short[count * SEMBUF_SHORTS];
    }

    /**
     * Writes one operation, whose index the caller checked against the set.
     *
     * @param sembufs    from {@link #newSembufs}
     * @param i          which {@code struct sembuf}
     * @param op         the operation
     * @param extraFlags {@code sem_flg} bits besides {@code SEM_UNDO}, which {@code op} decides
     */
    static void putSembuf(short[] sembufs, int i, SysVSemaphoreSet.Op op, int extraFlags) {
        int flags = extraFlags | (op.undo() ? OsSemaphoreConstants.SEM_UNDO : 0);
        // sem_num is an unsigned short: the cast keeps its 16 bits
        sembufs[i * SEMBUF_SHORTS] = (short) op.index();
        sembufs[i * SEMBUF_SHORTS + 1] = (short) op.delta();
        sembufs[i * SEMBUF_SHORTS + 2] = (short) flags;
    }

    /**
     * @param sembufs a {@code struct sembuf} array
     * @return how many operations it holds, the {@code nsops} of the call
     */
    static int sembufCount(short[] sembufs) {
        return sembufs.length / SEMBUF_SHORTS;
    }

    /**
     * @param sembufs a {@code struct sembuf} array
     * @return its first {@value #DESCRIBED_OPS} operations as {@code [index+delta undo, ...]},
     *         and how many there are in all when there are more
     */
    static String describeSembufs(short[] sembufs) {
        StringBuilder text = new StringBuilder("[");
        int shown = Math.min(sembufs.length, DESCRIBED_OPS * SEMBUF_SHORTS);
        for (int i = 0; i < shown; i += SEMBUF_SHORTS) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(Short.toUnsignedInt(sembufs[i])).append(sembufs[i + 1] >= 0 ? "+" : "").append(sembufs[i + 1]);
            if ((sembufs[i + 2] & OsSemaphoreConstants.SEM_UNDO) != 0) {
                text.append(" undo");
            }
        }
        if (shown < sembufs.length) {
            text.append(", ... ").append(sembufs.length / SEMBUF_SHORTS).append(" in all");
        }
        return text.append(']').toString();
    }

    /**
     * Reads a set's {@code sem_nsems} ({@code IPC_STAT}, which needs read permission).
     *
     * @param id the set's id
     * @return the field as the kernel wrote it, unchecked
     * @throws OsSemaphoreException INVALID_ARGUMENT (EINVAL) when no set has that id,
     *                              PERMISSION_DENIED (EACCES), or another reason
     * @throws UnsupportedOperationException on a platform whose {@code semid_ds} layout is unknown
     */
    static long semNsems(int id) {
        if (OsSemaphoreConstants.SEMID_DS_NSEMS_OFFSET < 0) {
            throw new UnsupportedOperationException("the semid_ds layout is known only on Linux x86-64 and aarch64, not "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        long[] semidDs = new long[OsSemaphoreConstants.SEMID_DS_LONGS];
        if (Os.CALLS.semctl(id, 0, OsSemaphoreConstants.IPC_STAT, semidDs) < 0) {
            throw OsSemaphoreException.of(Os.CALLS.errno(), "semctl(id=" + id + ", IPC_STAT)");
        }
        return semidDs[OsSemaphoreConstants.SEMID_DS_NSEMS_OFFSET / Long.BYTES];
    }
}
