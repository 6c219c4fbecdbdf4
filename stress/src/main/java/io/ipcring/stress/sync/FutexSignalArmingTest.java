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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The arming race of {@link FutexSignal}, the real class over a real mapping: the flag is not
 * armed yet, so the signaller's fast path loads it without a fence while the waiter (no spins,
 * no timeout) arms it and sleeps for the first time. A signaller whose flag load ran before the
 * waiter's arming became visible skips the wake; the class bounds the sleeps right after arming
 * by {@link FutexSignal#FIRST_SLICE_NANOS} (the real value), and its later slices are 10 s here,
 * so a waiter that chose a full sleep in the race shows as a wait of 5 s or more after the signal
 * (far longer than this loaded 2-vCPU machine ever leaves a woken thread unscheduled).
 */
@JCStressTest
@Description("FutexSignal, arming: the first sleep after arming is bounded, so the one wake-up the arming race may lose costs that short sleep only.")
@Outcome(id = {"1, 0", "1, 1"}, expect = Expect.ACCEPTABLE, desc = "The waiter saw the change within the first slice's length: before sleeping, or woken.")
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "The signaller woke the waiter, which this loaded machine ran a millisecond or more later.")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The arming race: no wake, the waiter saw the change when its bounded first sleep ran out (or was run late).")
@Outcome(id = {"0, 0", "0, 1"}, expect = Expect.FORBIDDEN, desc = "A full sleep: the waiter saw the change 5 s or more after it was stored and signalled.")
@State
public class FutexSignalArmingTest {
    private static final long SLICE = TimeUnit.SECONDS.toNanos(10);
    private static final long LOST = TimeUnit.SECONDS.toNanos(5);
    private static final int ARMED = 1 << 4;

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int flags = base + 64;
    private final int state = base + 128;
    /** When the signaller stored the state: published to the waiter by that release store. */
    private long signalledAt;
    private final FutexSignal signaller = new FutexSignal(memory, base, flags, ARMED, Waiters.ONE);
    private final FutexSignal waiterSide = new FutexSignal(memory, base, flags, ARMED, Waiters.ONE, 0,
            FutexSignal.FIRST_SLICE_NANOS, SLICE);

    /**
     * Changes the state, then signals.
     *
     * @param r r2: 1 when the signal issued a FUTEX_WAKE
     */
    @Actor
    public void signaller(II_Result r) {
        signalledAt = System.nanoTime();
        // Release: pairs with the acquire read in the waiter's condition; publishes signalledAt.
        memory.putIntRelease(state, 1);
        r.r2 = signaller.signal() ? 1 : 0;
    }

    /** @param r r1: 1 seen within a first slice's length, 2 seen later, 0 slept a full slice */
    @Actor
    public void waiter(II_Result r) {
        long start = System.nanoTime();
        boolean seen;
        try {
            seen = waiterSide.await(() -> memory.getIntAcquire(state) == 1, Deadline.never());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen = false;
        }
        long waited = System.nanoTime() - Math.max(start, signalledAt);
        r.r1 = !seen || waited >= LOST ? 0 : waited < FutexSignal.FIRST_SLICE_NANOS ? 1 : 2;
    }
}
