package io.ipcring.stress.sync;

import static io.ipcring.sync.SemaphoreSet.op;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SemaphoreSet;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * All-or-nothing updates of {@link SemaphoreSet}: one token moves along three semaphores
 * (1, 0, 0) → (0, 1, 0) → (0, 0, 1), each move one list of two operations (take from one, give to
 * the next). An observer's {@link SemaphoreSet#snapshot()} must always show exactly one token:
 * a half-applied list would show none or two.
 */
@JCStressTest
@Description("SemaphoreSet: an observer's snapshot never sees an operation list half applied.")
@Outcome(id = "2, 1, 0, 0", expect = Expect.ACCEPTABLE, desc = "Snapshot before the first move.")
@Outcome(id = "2, 0, 1, 0", expect = Expect.ACCEPTABLE, desc = "Snapshot between the two moves.")
@Outcome(id = "2, 0, 0, 1", expect = Expect.ACCEPTABLE, desc = "Snapshot after both moves.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A snapshot with no token or two (a half-applied list), or a move refused although its token was there (r1 < 2).")
@State
public class SemaphoreSetAtomicityTest {
    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final SemaphoreSet mover = SemaphoreSet.initialize(memory, base, 1, 0, 0);
    private final SemaphoreSet observer = SemaphoreSet.attach(memory, base);

    /** @param r r1: how many of the two moves were applied */
    @Actor
    public void move(IIII_Result r) {
        int applied = mover.tryApply(op(0, -1), op(1, 1)) ? 1 : 0;
        applied += mover.tryApply(op(1, -1), op(2, 1)) ? 1 : 0;
        r.r1 = applied;
    }

    /** @param r r2, r3, r4: the three values at one instant */
    @Actor
    public void observe(IIII_Result r) {
        int[] values = observer.snapshot();
        r.r2 = values[0];
        r.r3 = values[1];
        r.r4 = values[2];
    }
}
