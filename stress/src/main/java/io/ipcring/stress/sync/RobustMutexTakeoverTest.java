package io.ipcring.stress.sync;

import io.ipcring.stress.DeadProcess;
import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RobustMutex;
import io.ipcring.sync.RobustMutexLayout;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Robust takeover of {@link RobustMutex}: the lock word names a process that has died (a real pid
 * that ran and was reaped), as a crashed owner leaves it. Two threads race {@code tryLock()}:
 * exactly one must take the lock over and be told {@code ACQUIRED_FROM_DEAD_OWNER}; the other must
 * fail, and the lock must end owned by this process.
 */
@JCStressTest
@Description("RobustMutex: of two threads finding a dead owner's lock, exactly one takes it over and is told so.")
@Outcome(id = {"1, 2, 1", "2, 1, 1"}, expect = Expect.ACCEPTABLE, desc = "One thread took over from the dead owner (1 = ACQUIRED_FROM_DEAD_OWNER), the other did not get the lock (2 = NOT_ACQUIRED).")
@Outcome(id = "1, 1, 1", expect = Expect.FORBIDDEN, desc = "Both threads took over: two owners at once.")
@Outcome(id = "2, 2, 0", expect = Expect.FORBIDDEN, desc = "Neither took over: the dead owner's lock was not recovered.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: a plain ACQUIRED (0) of a lock that was never free, or a lock not owned by this process at the end (r3).")
@State
public class RobustMutexTakeoverTest {
    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final RobustMutex first;
    private final RobustMutex second;

    /** Writes a lock word owned by a dead process, as its crash would leave it. */
    public RobustMutexTakeoverTest() {
        RobustMutex.initialize(memory, base);
        memory.putLongVolatile(base + RobustMutexLayout.LOCK_WORD_OFFSET, DeadProcess.identity().pack());
        first = RobustMutex.attach(memory, base);
        second = RobustMutex.attach(memory, base);
    }

    /** @param r r1: the first thread's result code */
    @Actor
    public void first(III_Result r) {
        r.r1 = code(first.tryLock());
    }

    /** @param r r2: the second thread's result code */
    @Actor
    public void second(III_Result r) {
        r.r2 = code(second.tryLock());
    }

    /** @param r r3: 1 when the lock ends owned by this process */
    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = first.ownerPid() == ProcessHandle.current().pid() ? 1 : 0;
    }

    private static int code(RobustMutex.LockResult result) {
        switch (result) {
            case ACQUIRED:
                return 0;
            case ACQUIRED_FROM_DEAD_OWNER:
                return 1;
            default:
                return 2;
        }
    }
}
