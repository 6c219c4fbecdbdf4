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
 * {@link FencelessFutexSignal}, whose armed signaller lacks the store-load fence. Expected to
 * report the FORBIDDEN outcome on x86 too: store-load reordering is what x86's store buffer does.
 */
@JCStressTest
@Description("BROKEN on purpose: an armed FutexSignal whose signaller has no store-load fence loses wake-ups (x86 included); jcstress must report FORBIDDEN outcomes.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The waiter saw the change before sleeping, or was woken.")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "Lost wake-up: the waiter slept to its timeout although the state changed and was signalled.")
@State
public class FencelessFutexSignalWakeupTest {
    private static final long SLEEP = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LOST = TimeUnit.MILLISECONDS.toNanos(50);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int state = base + 128;
    /** When the signaller stored the state: published to the waiter by that release store. */
    private long signalledAt;
    private final FencelessFutexSignal signal = new FencelessFutexSignal(memory, base);

    /** Changes the state, then signals. */
    @Actor
    public void signaller() {
        signalledAt = System.nanoTime();
        // Release: pairs with the acquire read in the waiter's condition; publishes signalledAt.
        memory.putIntRelease(state, 1);
        signal.signal();
    }

    /** @param r 1 when the waiter saw the change without sleeping to its timeout */
    @Actor
    public void waiter(I_Result r) {
        long start = System.nanoTime();
        boolean seen = signal.await(() -> memory.getIntAcquire(state) == 1, SLEEP);
        r.r1 = seen && System.nanoTime() - Math.max(start, signalledAt) < LOST ? 1 : 0;
    }
}
