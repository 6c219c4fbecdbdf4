package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.FutexCondition;
import io.ipcring.sync.MappedMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The classic check-then-sleep race on the real {@link FutexCondition} over a real mapping: one
 * actor changes the state and signals, the other waits for the state. The condition sleeps in
 * one-second slices here, so a lost wake-up cannot hide behind the next slice's re-check: it shows
 * as a wait that lasts to its timeout.
 */
@JCStressTest
@Description("FutexCondition: a waiter is never left asleep after the state it waits for changed and was signalled.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The waiter saw the change at once, or slept and was woken by the signal.")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "Lost wake-up: the waiter slept to its timeout although the state changed and was signalled.")
@State
public class FutexConditionWakeupTest {
    private static final long LONG_SLEEP = TimeUnit.SECONDS.toNanos(1);
    private static final long LOST = TimeUnit.MILLISECONDS.toNanos(500);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int flag = base + 64;
    private final FutexCondition condition = new FutexCondition(memory, base, LONG_SLEEP);

    /** Changes the state, then signals. */
    @Actor
    public void signaller() {
        // Release: pairs with the acquire read in the waiter's condition.
        memory.putIntRelease(flag, 1);
        condition.signalAll();
    }

    /** @param r 1 when the waiter saw the change without sleeping to its timeout */
    @Actor
    public void waiter(I_Result r) {
        long start = System.nanoTime();
        boolean seen;
        try {
            seen = condition.await(() -> memory.getIntAcquire(flag) == 1, LONG_SLEEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen = false;
        }
        r.r1 = seen && System.nanoTime() - start < LOST ? 1 : 0;
    }
}
