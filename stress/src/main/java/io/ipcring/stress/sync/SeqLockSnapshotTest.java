package io.ipcring.stress.sync;

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
 * {@link SeqLock} snapshots: the writer publishes {@value #WRITES} updates of {@value #WORDS}
 * words, update {@code i} setting every word to {@code i}; a reader's
 * {@link SeqLock#trySnapshot(long[])} either fails (a write overlapped) or returns words that are
 * all equal. Unequal words that validate mean the reader accepted data from two different writes.
 */
@JCStressTest
@Description("SeqLock: a snapshot accepted by validate is never torn across two writes.")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "A consistent snapshot: every word from the same write.")
@Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "The read overlapped a write and was rejected (the caller retries).")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "A torn snapshot accepted by validate: the words come from different writes.")
@State
public class SeqLockSnapshotTest {
    private static final int WORDS = 4;
    private static final int WRITES = 4;

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final SeqLock writer = SeqLock.initialize(memory, base, WORDS);
    private final SeqLock reader = SeqLock.attach(memory, base);

    /** Publishes the updates. */
    @Actor
    public void write() {
        for (long i = 1; i <= WRITES; i++) {
            writer.write(i, i, i, i);
        }
    }

    /** @param r r1: 1 when the snapshot validated; r2: 1 when its words are equal, -1 when rejected */
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
