package io.ipcring.stress.broken;

import io.ipcring.stress.StressRingQueues;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The test of {@code io.ipcring.stress.ring.RingQueueRemoveVersusTakeTest} with the removal done
 * by a {@link CheckThenMarkRemover}. Expected to report the FORBIDDEN "both got it" on x86 too.
 */
@JCStressTest
@Description("BROKEN on purpose: a check-then-store removal racing a take; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "Either the taker or the remover got the element; none left.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Both got it (1, 1), neither did, or it is still in the queue (r3).")
@State
public class CheckThenMarkRemoveVersusTakeTest {
    private final StressRingQueues.Lease queue = StressRingQueues.lease();
    private final CheckThenMarkRemover remover = new CheckThenMarkRemover(queue.raw, 1);
    private final long position;

    /** Puts the element both actors go for. */
    public CheckThenMarkRemoveVersusTakeTest() {
        if (!queue.taker.offer("x")) {
            throw new IllegalStateException("an empty queue refused an element");
        }
        position = remover.newest();
    }

    /** @param r r1: 1 when the take got the element */
    @Actor
    public void take(III_Result r) {
        r.r1 = "x".equals(queue.taker.poll()) ? 1 : 0;
    }

    /** @param r r2: 1 when the removal took the element out */
    @Actor
    public void remove(III_Result r) {
        r.r2 = remover.remove(position) ? 1 : 0;
    }

    /** @param r r3: elements left */
    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = queue.taker.size();
        queue.release();
    }
}
