package io.ipcring.stress.broken;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The mutual-exclusion test of {@code io.ipcring.stress.sync.RobustMutexExclusionTest} run
 * against {@link CheckThenSetMutex}. Expected to report the FORBIDDEN lost update on x86 too.
 */
@JCStressTest
@Description("BROKEN on purpose: a check-then-set lock lets two threads in at once; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "Both increments happened, one after the other.")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "Lost update: both threads were in the critical section at once.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A locker timed out (r2 = timeouts).")
@State
public class CheckThenSetMutexTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int counter = base + 64;
    private final int timeouts = base + 128;
    private final CheckThenSetMutex mutex = new CheckThenSetMutex(memory, base);

    /** Increments under the lock. */
    @Actor
    public void first() {
        increment();
    }

    /** Increments under the lock. */
    @Actor
    public void second() {
        increment();
    }

    /** @param r the counter and the number of timed-out lock attempts */
    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = memory.getIntVolatile(counter);
        r.r2 = memory.getIntVolatile(timeouts);
    }

    private void increment() {
        if (!mutex.tryLock(TIMEOUT)) {
            memory.getAndAddInt(timeouts, 1);
            return;
        }
        try {
            int value = memory.getInt(counter);
            Thread.onSpinWait();
            memory.putInt(counter, value + 1);
        } finally {
            mutex.unlock();
        }
    }
}
