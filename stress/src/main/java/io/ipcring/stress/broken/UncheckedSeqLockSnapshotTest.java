package io.ipcring.stress.broken;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SeqLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The snapshot test of {@code io.ipcring.stress.sync.SeqLockSnapshotTest}: the real
 * {@link SeqLock} writer, read by {@link UncheckedSeqLockReader}. Expected to report the
 * FORBIDDEN torn snapshot on x86 too (in quick mode: sanity mode's few samples rarely catch it).
 */
@JCStressTest
@Description("BROKEN on purpose: a seqlock reader that never re-reads the sequence accepts torn snapshots; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "A consistent snapshot: every word from the same write.")
@Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "The read found a write in progress and was rejected.")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "A torn snapshot accepted: the words come from different writes.")
@State
public class UncheckedSeqLockSnapshotTest {
    private static final int WORDS = 4;
    private static final int WRITES = 4;

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final SeqLock writer = SeqLock.initialize(memory, base, WORDS);
    private final UncheckedSeqLockReader reader = new UncheckedSeqLockReader(memory, base);

    /** Publishes the updates with the real writer. */
    @Actor
    public void write() {
        for (long i = 1; i <= WRITES; i++) {
            writer.write(i, i, i, i);
        }
    }

    /** @param r r1: 1 when the snapshot was accepted; r2: 1 when its words are equal, -1 when rejected */
    @Actor
    public void read(II_Result r) {
        long[] words = new long[WORDS];
        if (reader.trySnapshot(words)) {
            r.r1 = 1;
            r.r2 = words[0] == words[1] && words[1] == words[2] && words[2] == words[3] ? 1 : 0;
        } else {
            r.r1 = 0;
            r.r2 = -1;
        }
    }
}
