package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.FutexSignal.Waiters;
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
 * The steady state of {@link FutexSignal}, the real class over a real mapping: the armed flag was
 * set long before (here: before the actors start), so the signaller takes the fenced path and
 * the waiter announces, re-checks and sleeps (no spins). Each side has its own instance, as two
 * processes would. The waiter sleeps in 10 s slices, its first one included (the flag was armed
 * earlier, so no arming race applies), so a lost wake-up cannot hide behind a slice's end: it
 * shows as the change seen 5 s or more after it was signalled (far longer than this loaded
 * 2-vCPU machine ever leaves a woken thread unscheduled).
 */
@JCStressTest
@Description("FutexSignal, armed: a waiter is never left asleep after the state it waits for changed and was signalled.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The waiter saw the change before sleeping, or slept and was woken by the signal.")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "Lost wake-up: the waiter saw the change 5 s or more after it was stored and signalled.")
@State
public class FutexSignalWakeupTest {
    private static final long SLICE = TimeUnit.SECONDS.toNanos(10);
    private static final long LOST = TimeUnit.SECONDS.toNanos(5);
    private static final int ARMED = 1;

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int flags = base + 64;
    private final int state = base + 128;
    /** When the signaller stored the state: published to the waiter by that release store. */
    private long signalledAt;
    private final FutexSignal signaller;
    private final FutexSignal waiterSide;

    /** Arms the flag the way an earlier sleep would have, and makes each side's instance. */
    public FutexSignalWakeupTest() {
        memory.putIntVolatile(flags, ARMED);
        signaller = new FutexSignal(memory, base, flags, ARMED, Waiters.ONE);
        waiterSide = new FutexSignal(memory, base, flags, ARMED, Waiters.ONE, 0, SLICE, SLICE);
    }

    /** Changes the state, then signals. */
    @Actor
    public void signaller() {
        signalledAt = System.nanoTime();
        // Release: pairs with the acquire read in the waiter's condition; publishes signalledAt.
        memory.putIntRelease(state, 1);
        signaller.signal();
    }

    /** @param r 1 when the waiter saw the change without sleeping a whole slice */
    @Actor
    public void waiter(I_Result r) {
        long start = System.nanoTime();
        boolean seen;
        try {
            seen = waiterSide.await(() -> memory.getIntAcquire(state) == 1, Deadline.after(2 * SLICE, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen = false;
        }
        r.r1 = seen && System.nanoTime() - Math.max(start, signalledAt) < LOST ? 1 : 0;
    }
}
