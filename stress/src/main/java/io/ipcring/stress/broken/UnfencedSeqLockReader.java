package io.ipcring.stress.broken;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SeqLockLayout;

/**
 * A deliberately broken reader of a real {@link io.ipcring.sync.SeqLock}: it re-reads the
 * sequence after the words, but without the acquire fence between the data reads and that
 * re-read. The re-read may then be satisfied before the data reads, and validate words that a
 * write overlapping the read has changed.
 *
 * <p>Only load-load reordering shows it: aarch64 and POWER reorder independent loads, x86 never
 * does (TSO). On x86 it can show only if the JIT itself moves the plain re-read above the plain
 * data reads.
 */
public final class UnfencedSeqLockReader {
    private final MappedMemory memory;
    private final int sequence;
    private final int data;

    /**
     * @param memory the mapping
     * @param offset where {@link io.ipcring.sync.SeqLock#initialize} wrote the seqlock
     */
    public UnfencedSeqLockReader(MappedMemory memory, int offset) {
        this.memory = memory;
        this.sequence = offset + SeqLockLayout.SEQUENCE_OFFSET;
        this.data = offset + SeqLockLayout.DATA_OFFSET;
    }

    /**
     * The bug: no {@code VarHandle.acquireFence()} before the re-read.
     *
     * @param dst receives the words
     * @return true when the sequence was even and unchanged (as far as this reader can tell)
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
        return memory.getLong(sequence) == seq;
    }
}
