package io.ipcring.stress.ring;

import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.stress.StressRings;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Concurrent claims on {@code MpscRing}: two producers each claim, write in place and commit one
 * message at the same moment. Their claims must not overlap (the compare-and-set on the claim
 * position gives each its own bytes), so the consumer gets exactly both messages, each once and
 * intact; no claim is lost or doubled.
 */
@JCStressTest
@Description("MpscRing: two concurrent claims get disjoint space; both messages arrive once, intact.")
@Outcome(id = {"1, 1, 2, 12", "1, 1, 2, 21"}, expect = Expect.ACCEPTABLE, desc = "Both messages arrived once, intact (r4: ids in arrival order).")
@Outcome(expect = Expect.FORBIDDEN, desc = "A lost, doubled or corrupted message (r3 = count, r4 = ids in order, -1 = a payload was damaged), or a refused claim.")
@State
public class MpscConcurrentClaimsTest {
    private final StressRings.Lease ring = StressRings.mpsc();
    private final RingProducer first = ring.producer();
    private final RingProducer second = ring.secondProducer();
    private final RingConsumer consumer = ring.consumer();

    /** @param r r1: 1 when the claim got room */
    @Actor
    public void produceFirst(IIII_Result r) {
        r.r1 = Payloads.send(first, 16, 1) ? 1 : 0;
    }

    /** @param r r2: 1 when the claim got room */
    @Actor
    public void produceSecond(IIII_Result r) {
        r.r2 = Payloads.send(second, 16, 2) ? 1 : 0;
    }

    /** @param r r3: messages delivered; r4: their ids in order (-1 when a payload was damaged) */
    @Arbiter
    public void arbiter(IIII_Result r) {
        Payloads.Collector all = new Payloads.Collector().drain(consumer);
        r.r3 = all.count;
        r.r4 = all.intact ? all.ids : -1;
        ring.release();
    }
}
