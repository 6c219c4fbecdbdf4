package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SharedLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link SharedLatch} count-downs racing: count 2; one thread writes a data word and counts down,
 * the other counts down, then reads the count and the data. Seeing zero means both count-downs
 * happened, so the first thread's data must be visible; the count never skips or stops at a
 * wrong value.
 */
@JCStressTest
@Description("SharedLatch: count 2, two count-downs; whoever sees zero sees the other counter's earlier write.")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "Both counted down; the data is visible.")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "The other thread had not counted down yet, nor written.")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "The other thread had written but not counted down yet.")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "The count reached zero but the data written before the other count-down is missing: no release/acquire pairing.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A count that is neither 0 nor 1 after this thread's count-down: a lost or doubled count-down.")
@State
public class SharedLatchVisibilityTest {
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

    /** @param r r1: the count after this count-down; r2: the data read after */
    @Actor
    public void countDownThenRead(II_Result r) {
        second.countDown();
        r.r1 = second.count();
        r.r2 = memory.getInt(data);
    }
}
