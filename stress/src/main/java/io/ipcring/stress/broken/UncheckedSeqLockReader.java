package io.ipcring.stress.broken;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SeqLockLayout;

/**
 * A deliberately broken reader of a real {@link io.ipcring.sync.SeqLock}: it checks that the
 * sequence was even before reading the words but never reads it again after. A write that starts
 * while it reads goes unnoticed and the words may come from two writes. A logic race, not a
 * reordering: it shows on x86 as on aarch64.
 */
public final class UncheckedSeqLockReader {
    private final MappedMemory memory;
    private final int sequence;
    private final int data;

    /**
     * @param memory the mapping
     * @param offset where {@link io.ipcring.sync.SeqLock#initialize} wrote the seqlock
     */
    public UncheckedSeqLockReader(MappedMemory memory, int offset) {
        this.memory = memory;
        this.sequence = offset + SeqLockLayout.SEQUENCE_OFFSET;
        this.data = offset + SeqLockLayout.DATA_OFFSET;
    }

    /**
     * The bug: no re-read of the sequence after the data.
     *
     * @param dst receives the words
     * @return true when the sequence was even before the read
     */
    public boolean trySnapshot(long[] dst) {
        // Acquire: pairs with the writer's release store of the even sequence (this part is right).
        long seq = memory.getLongAcquire(sequence);
        if ((seq & 1) != 0) {
            return false;
        }
        for (int i = 0; i < dst.length; i++) {
            dst[i] = memory.getLong(data + i * Long.BYTES);
        }
        return true;
    }
}
