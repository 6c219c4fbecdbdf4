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
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The arming test of {@code io.ipcring.stress.sync.FutexSignalArmingTest} run against the real
 * {@link FutexSignal} with its first sleep as long as every other (1 s): the mistake of a waiter
 * that arms the flag and at once sleeps a full slice. A signaller whose fenceless flag load ran
 * before the arming became visible, and whose state store was still in its store buffer at the
 * waiter's re-check, leaves the waiter asleep for the whole slice: FORBIDDEN, on x86 too (the
 * store-load reordering of the store buffer), but only in that narrow window.
 */
@JCStressTest
@Description("BROKEN on purpose: a FutexSignal whose first sleep after arming is a full slice loses the arming race's wake-up for that slice; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The waiter saw the change before sleeping, or was woken by the signal.")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "No wake while the waiter chose an unbounded sleep: it slept half a second or more although the state changed and was signalled.")
@State
public class UnboundedFirstSleepArmingTest {
    private static final long SLICE = TimeUnit.SECONDS.toNanos(1);
    private static final long LOST = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int ARMED = 1 << 4;

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int flags = base + 64;
    private final int state = base + 128;
    private final FutexSignal signaller = new FutexSignal(memory, base, flags, ARMED, Waiters.ONE);
    private final FutexSignal waiterSide = new FutexSignal(memory, base, flags, ARMED, Waiters.ONE, 0, SLICE, SLICE);

    /** Changes the state, then signals. */
    @Actor
    public void signaller() {
        memory.putIntRelease(state, 1);
        signaller.signal();
    }

    /** @param r 1 seen at once or woken, 0 slept a full slice */
    @Actor
    public void waiter(I_Result r) {
        long start = System.nanoTime();
        boolean seen;
        try {
            seen = waiterSide.await(() -> memory.getIntAcquire(state) == 1, Deadline.never());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen = false;
        }
        r.r1 = seen && System.nanoTime() - start < LOST ? 1 : 0;
    }
}
