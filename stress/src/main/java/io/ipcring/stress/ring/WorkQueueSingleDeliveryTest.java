package io.ipcring.stress.ring;

import io.ipcring.stress.StressFanoutRings;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Single delivery of {@code WorkQueueRing}: two messages (ids 1 and 2) are in the queue and two
 * consumers poll at once (limit 2 each). Each message must go to exactly one consumer (the
 * compare-and-set on the record's state word), intact, and the queue must end empty.
 */
@JCStressTest
@Description("WorkQueueRing: two consumers polling at once never both get a message, and none is lost.")
@Outcome(id = {"3, 0, 1, 0", "0, 3, 1, 0", "1, 2, 1, 0", "2, 1, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "Each message went to exactly one consumer, intact (r1, r2: bit 1 = id 1, bit 2 = id 2); none left.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A message delivered to both consumers or to neither, a damaged payload (r3 = 0), or messages left (r4).")
@State
public class WorkQueueSingleDeliveryTest {
    private final StressFanoutRings.WorkQueue ring = StressFanoutRings.workQueue();
    private final Payloads.Collector first = new Payloads.Collector();
    private final Payloads.Collector second = new Payloads.Collector();

    /** Puts messages 1 and 2 in the queue. */
    public WorkQueueSingleDeliveryTest() {
        if (!Payloads.offer(ring.publisher, 16, 1) || !Payloads.offer(ring.publisher, 16, 2)) {
            throw new IllegalStateException("an empty work queue refused a message");
        }
    }

    /** @param r r1: ids the first consumer got, as bits */
    @Actor
    public void consumeFirst(IIII_Result r) {
        ring.first.poll(first, 2);
        r.r1 = mask(first);
    }

    /** @param r r2: ids the second consumer got, as bits */
    @Actor
    public void consumeSecond(IIII_Result r) {
        ring.second.poll(second, 2);
        r.r2 = mask(second);
    }

    /** @param r r3: 1 when every payload was intact; r4: messages left */
    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = first.intact && second.intact ? 1 : 0;
        Payloads.Collector left = new Payloads.Collector().drain(ring.first);
        r.r4 = left.count;
        ring.release();
    }

    /** @return bit 1 for id 1, bit 2 for id 2, or 4 when an id was delivered twice to this consumer */
    private static int mask(Payloads.Collector c) {
        switch (c.ids) {
            case 0:
                return 0;
            case 1:
                return 1;
            case 2:
                return 2;
            case 12:
            case 21:
                return 3;
            default:
                return 4;
        }
    }
}
