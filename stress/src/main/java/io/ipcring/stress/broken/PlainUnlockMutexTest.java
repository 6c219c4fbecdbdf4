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
 * against {@link PlainUnlockMutex}. Expected to report the FORBIDDEN lost update on aarch64 only
 * (see {@link PlainUnlockMutex} for why x86 hides it).
 */
@JCStressTest
@Description("BROKEN on purpose: a plain-store unlock publishes the lock before the data (aarch64; x86 hides it).")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "Both increments happened, one after the other.")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "Lost update: the next owner read the counter before the previous owner's write became visible.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A locker timed out (r2 = timeouts).")
@State
public class PlainUnlockMutexTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int counter = base + 64;
    private final int timeouts = base + 128;
    private final PlainUnlockMutex mutex = new PlainUnlockMutex(memory, base);

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
