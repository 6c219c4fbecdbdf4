package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SharedLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@link SharedLatch#await(long, TimeUnit)} released by the last count-down: count 2; one thread
 * writes a data word and counts down, the other counts down and awaits (bounded at 5 s). The await must end true with the first thread's data visible, whether
 * it found zero at once or slept on the futex and was woken by the other's count-down.
 */
@JCStressTest
@Description("SharedLatch: await returns once the count reaches zero, with every counter's earlier writes visible.")
@Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE, desc = "The await returned true, saw the data, within 15 ms.")
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The await returned true and saw the data, but after more than 15 ms: it slept to the end of a futex slice (a missed wake-up recovered by the slice, or a descheduled thread).")
@Outcome(id = {"1, 0, 0", "1, 0, 1"}, expect = Expect.FORBIDDEN, desc = "The await returned but missed the data written before the other count-down.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The await timed out after 5 s although both count-downs happened: a lost wake-up.")
@State
public class SharedLatchAwaitTest {
    private static final long TIMEOUT_SECONDS = 5;
    private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(15);

    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int data = base + 64;
    private final SharedLatch first = SharedLatch.initialize(memory, base, 2);
    private final SharedLatch second = SharedLatch.attach(memory, base);

    /** Writes the data, then counts down. */
    @Actor
    public void writeThenCountDown() {
        memory.putInt(data, 1);
        first.countDown();
    }

    /** @param r r1: await's result; r2: the data read after; r3: 1 when it took more than 15 ms */
    @Actor
    public void countDownThenAwait(III_Result r) {
        long start = System.nanoTime();
        second.countDown();
        try {
            r.r1 = second.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.r1 = 0;
        }
        r.r2 = memory.getInt(data);
        r.r3 = System.nanoTime() - start > SLOW ? 1 : 0;
    }
}
