package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.CountingSemaphore;
import io.ipcring.sync.MappedMemory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Permit accounting of {@link CountingSemaphore} with {@code n > 1}: three permits, two threads
 * each try to take two at once. Exactly one may succeed (never both: that would hand out four of
 * three permits; never neither: the first attempt always finds enough), and one permit remains.
 */
@JCStressTest
@Description("CountingSemaphore: tryAcquire(2) by two threads on 3 permits grants exactly one, leaving 1.")
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = Expect.ACCEPTABLE, desc = "One thread took two permits, the other found one left and took none.")
@Outcome(id = "1, 1, -1", expect = Expect.FORBIDDEN, desc = "Over-grant: both took two permits of three (the count went below zero).")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: a failed attempt although permits sufficed, or a wrong permit count left (r3; -1 = corrupted).")
@State
public class CountingSemaphoreAccountingTest {
    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final CountingSemaphore first = CountingSemaphore.initialize(memory, base, 3);
    private final CountingSemaphore second = CountingSemaphore.attach(memory, base);

    /** @param r r1: 1 when this thread got two permits */
    @Actor
    public void first(III_Result r) {
        r.r1 = first.tryAcquire(2) ? 1 : 0;
    }

    /** @param r r2: 1 when this thread got two permits */
    @Actor
    public void second(III_Result r) {
        r.r2 = second.tryAcquire(2) ? 1 : 0;
    }

    /** @param r r3: the permits left, -1 when the state is corrupted */
    @Arbiter
    public void arbiter(III_Result r) {
        try {
            r.r3 = first.availablePermits();
        } catch (IllegalStateException e) {
            r.r3 = -1;
        }
    }
}
