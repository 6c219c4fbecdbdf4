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
 * {@link CountingSemaphore#release(int)} racing acquirers: one permit at first; one thread
 * releases two, the other tries to take two, then one. Taking two succeeds only after the release
 * (and then the one is left for the second attempt); a failed attempt for two takes nothing, so
 * the single attempt that follows always succeeds. Permits are conserved: 1 + 2 = taken + left.
 */
@JCStressTest
@Description("CountingSemaphore: release(2) racing tryAcquire(2) then tryAcquire(1) from 1 permit: nothing lost, nothing invented.")
@Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE, desc = "The release came first: two then one taken, none left.")
@Outcome(id = "0, 1, 2", expect = Expect.ACCEPTABLE, desc = "The release came after the attempt for two, which took nothing: one taken, two left.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: a partial take by a failed tryAcquire(2), a lost or invented permit, or a corrupted state (r3 = -1).")
@State
public class CountingSemaphoreReleaseTest {
    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final CountingSemaphore releaser = CountingSemaphore.initialize(memory, base, 1);
    private final CountingSemaphore acquirer = CountingSemaphore.attach(memory, base);

    /** Releases two permits. */
    @Actor
    public void release() {
        releaser.release(2);
    }

    /** @param r r1: 1 when two permits were taken; r2: 1 when one more was taken after */
    @Actor
    public void acquire(III_Result r) {
        r.r1 = acquirer.tryAcquire(2) ? 1 : 0;
        r.r2 = acquirer.tryAcquire(1) ? 1 : 0;
    }

    /** @param r r3: the permits left, -1 when the state is corrupted */
    @Arbiter
    public void arbiter(III_Result r) {
        try {
            r.r3 = releaser.availablePermits();
        } catch (IllegalStateException e) {
            r.r3 = -1;
        }
    }
}
