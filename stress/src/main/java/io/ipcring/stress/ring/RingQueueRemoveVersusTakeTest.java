package io.ipcring.stress.ring;

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
 * Removal from the middle of a {@code RingQueue} racing a take of the same element: one element
 * waits; one handle takes while another removes it ({@code remove(Object)}: a compare-and-set of
 * the record's state word from "unclaimed" to "done", against the taker's compare-and-set from
 * "unclaimed" to its claim). Exactly one of them must get it, and the queue must end empty.
 */
@JCStressTest
@Description("RingQueue: remove(Object) racing take of the same element: exactly one wins, nothing is left.")
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "Either the taker or the remover got the element; none left.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Both got it (1, 1), neither did, or it is still in the queue (r3).")
@State
public class RingQueueRemoveVersusTakeTest {
    private final StressRingQueues.Lease queue = StressRingQueues.lease();

    /** Puts the element both actors go for. */
    public RingQueueRemoveVersusTakeTest() {
        if (!queue.taker.offer("x")) {
            throw new IllegalStateException("an empty queue refused an element");
        }
    }

    /** @param r r1: 1 when the take got the element */
    @Actor
    public void take(III_Result r) {
        r.r1 = "x".equals(queue.taker.poll()) ? 1 : 0;
    }

    /** @param r r2: 1 when the removal took the element out */
    @Actor
    public void remove(III_Result r) {
        r.r2 = queue.remover.remove("x") ? 1 : 0;
    }

    /** @param r r3: elements left */
    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = queue.taker.size();
        queue.release();
    }
}
