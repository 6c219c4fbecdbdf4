package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.CountingSemaphore;
import io.ipcring.sync.MappedMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A waiter for two permits of {@link CountingSemaphore} is served by two separate
 * {@code release(1)} calls: no permits at first; one thread waits (at most 5 s) for two, the other
 * releases one, then one more. The waiter must get both (a waiter woken by the first release for
 * too few permits must register and sleep again, and be woken by the second), and none may remain.
 */
@JCStressTest
@Description("CountingSemaphore: a timed acquire(2) is completed by two release(1) calls; no lost wake-up, no permit left over.")
@Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE, desc = "The waiter got both permits, none left.")
@Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The waiter got both permits but took more than 15 ms: it slept to the end of a futex slice (a missed wake-up recovered by the slice, or a descheduled thread).")
@Outcome(expect = Expect.FORBIDDEN, desc = "The waiter timed out after 5 s with permits released, or permits were lost or invented (r3).")
@State
public class CountingSemaphoreWakeupTest {
    private static final long TIMEOUT_SECONDS = 5;
    private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(15);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final CountingSemaphore releaser = CountingSemaphore.initialize(memory, base, 0);
    private final CountingSemaphore waiter = CountingSemaphore.attach(memory, base);

    /** Releases one permit, then another. */
    @Actor
    public void release() {
        releaser.release(1);
        releaser.release(1);
    }

    /** @param r r1: 1 when both permits were taken in time; r2: 1 when that took more than 15 ms */
    @Actor
    public void acquire(III_Result r) {
        long start = System.nanoTime();
        try {
            r.r1 = waiter.tryAcquire(2, TIMEOUT_SECONDS, TimeUnit.SECONDS) ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.r1 = 0;
        }
        r.r2 = System.nanoTime() - start > SLOW ? 1 : 0;
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
