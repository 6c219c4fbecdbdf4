package io.ipcring.stress.broken;

import io.ipcring.stress.SharedMemoryArena;
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
 * The wake-up test of {@code io.ipcring.stress.sync.FutexSignalWakeupTest} run against
 * {@link NoRecheckFutexSignal}, whose waiter does not check again after announcing itself.
 * Expected to report the FORBIDDEN outcome everywhere: proof that the real test can fail.
 */
@JCStressTest
@Description("BROKEN on purpose: a FutexSignal waiter that does not re-check after announcing loses wake-ups; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The waiter saw the change at once, or was woken.")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "Lost wake-up: the waiter slept to its timeout although the state changed and was signalled.")
@State
public class NoRecheckWakeupTest {
    private static final long SLEEP = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LOST = TimeUnit.MILLISECONDS.toNanos(100);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int flag = base + 64;
    private final NoRecheckFutexSignal signal = new NoRecheckFutexSignal(memory, base);

    /** Changes the state, then signals. */
    @Actor
    public void signaller() {
        memory.putIntRelease(flag, 1);
        signal.signal();
    }

    /** @param r 1 when the waiter saw the change without sleeping to its timeout */
    @Actor
    public void waiter(I_Result r) {
        long start = System.nanoTime();
        boolean seen = signal.await(() -> memory.getIntAcquire(flag) == 1, SLEEP);
        r.r1 = seen && System.nanoTime() - start < LOST ? 1 : 0;
    }
}
