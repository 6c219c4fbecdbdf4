package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.Event;
import io.ipcring.sync.MappedMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@link Event#await(long, TimeUnit)} racing {@link Event#set()}: the waiter (bounded at 5 s) must
 * return true and see the data written before set(), whether it found the event set, spun, or
 * slept on the futex and was woken.
 */
@JCStressTest
@Description("Event: await sees set() and the data written before it; a sleeping waiter is woken.")
@Outcome(id = "1, 42, 0", expect = Expect.ACCEPTABLE, desc = "The waiter returned true, saw the data, within 15 ms.")
@Outcome(id = "1, 42, 1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The waiter returned true and saw the data, but after more than 15 ms: it slept to the end of a futex slice (a missed wake-up recovered by the slice, or a descheduled thread).")
@Outcome(id = {"1, 0, 0", "1, 0, 1"}, expect = Expect.FORBIDDEN, desc = "The waiter returned but missed the data written before set(): no release/acquire pairing.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The waiter timed out after 5 s although the event was set: a lost wake-up.")
@State
public class EventWakeupTest {
    private static final long TIMEOUT_SECONDS = 5;
    private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(15);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int data = base + 64;
    private final Event setter = Event.initialize(memory, base, false);
    private final Event waiter = Event.attach(memory, base);

    /** Writes the data, then sets the event. */
    @Actor
    public void set() {
        memory.putInt(data, 42);
        setter.set();
    }

    /** @param r r1: await's result; r2: the data read after; r3: 1 when await took more than 15 ms */
    @Actor
    public void await(III_Result r) {
        long start = System.nanoTime();
        try {
            r.r1 = waiter.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.r1 = 0;
        }
        r.r2 = memory.getInt(data);
        r.r3 = System.nanoTime() - start > SLOW ? 1 : 0;
    }
}
