package io.ipcring.stress.broken;

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
 * {@code io.ipcring.stress.sync.FutexSignalArmingTest} run against the real {@link FutexSignal}
 * with its first sleep as long as every other (10 s): the mistake of a waiter that arms the flag
 * and at once sleeps a full slice. A signaller whose fenceless flag load ran before the arming
 * became visible, and whose state store was still in its store buffer at the waiter's re-check,
 * leaves the waiter asleep for the whole slice: FORBIDDEN, on x86 too (the store-load reordering
 * of the store buffer), but only in that narrow window, so it takes many samples.
 */
@JCStressTest
@Description("BROKEN on purpose: a FutexSignal whose first sleep after arming is a full slice loses the arming race's wake-up for that slice; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = {"1, 0", "1, 1"}, expect = Expect.ACCEPTABLE, desc = "The waiter saw the change within the first slice's length: before sleeping, or woken.")
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "The signaller woke the waiter, which this loaded machine ran a millisecond or more later.")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The arming race: no wake, the waiter saw the change when its bounded first sleep ran out (or was run late).")
@Outcome(id = {"0, 0", "0, 1"}, expect = Expect.FORBIDDEN, desc = "A full sleep: the waiter saw the change 5 s or more after it was stored and signalled.")
@State
public class UnboundedFirstSleepArmingTest {
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
    /** The mistake: the first sleep after arming is as long as every other. */
    private final FutexSignal waiterSide = new FutexSignal(memory, base, flags, ARMED, Waiters.ONE, 0, SLICE, SLICE);

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
