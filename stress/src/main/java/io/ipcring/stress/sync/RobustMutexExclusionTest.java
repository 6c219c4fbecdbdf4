package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RobustMutex;
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
 * Mutual exclusion of {@link RobustMutex}: two threads each increment a plain counter in the same
 * mapping under the lock, with a read, a pause and a write, so that two threads inside the
 * critical section at once lose an increment. The lock's acquiring CAS and releasing exchange must
 * also make the previous owner's plain write visible to the next owner.
 */
@JCStressTest
@Description("RobustMutex: two lockers never hold the lock at once, and each sees the previous owner's writes.")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "Both increments happened, one after the other.")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "Lost update: both threads were in the critical section at once, or the second did not see the first one's write.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A locker timed out (r2 = timeouts) although the holder unlocks at once: a lost wake-up or a lock left held.")
@State
public class RobustMutexExclusionTest {
    private static final long TIMEOUT_SECONDS = 5;

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int counter = base + 64;
    private final int timeouts = base + 128;
    private final RobustMutex mutex = RobustMutex.initialize(memory, base);
    private final RobustMutex otherView = RobustMutex.attach(memory, base);

    /** Increments under the lock. */
    @Actor
    public void first() {
        increment(mutex);
    }

    /** Increments under the lock, through a second view of the same mutex as another process would. */
    @Actor
    public void second() {
        increment(otherView);
    }

    /** @param r the counter and the number of timed-out lock attempts */
    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = memory.getIntVolatile(counter);
        r.r2 = memory.getIntVolatile(timeouts);
    }

    private void increment(RobustMutex view) {
        try {
            if (!view.tryLock(TIMEOUT_SECONDS, TimeUnit.SECONDS).isAcquired()) {
                memory.getAndAddInt(timeouts, 1);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            memory.getAndAddInt(timeouts, 1);
            return;
        }
        try {
            int value = memory.getInt(counter);
            Thread.onSpinWait();
            memory.putInt(counter, value + 1);
        } finally {
            view.unlock();
        }
    }
}
