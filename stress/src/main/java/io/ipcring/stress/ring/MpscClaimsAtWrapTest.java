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
 * Concurrent claims on {@code MpscRing} across the wrap: the state's empty ring stands 32 bytes
 * before the end of its 256-byte data region; two producers each send a 32-byte
 * message (a 40-byte record, which cannot fit there). Whichever claims first must pad the end
 * and start at index 0, the other follows it; both messages arrive once, intact, and the padding
 * is never delivered.
 */
@JCStressTest
@Description("MpscRing: two concurrent claims at the wrap: one pads the end, both messages arrive once, intact.")
@Outcome(id = {"1, 1, 2, 12", "1, 1, 2, 21"}, expect = Expect.ACCEPTABLE, desc = "Both messages arrived once, intact; the padding was skipped (r4: ids in arrival order).")
@Outcome(expect = Expect.FORBIDDEN, desc = "A lost, doubled or corrupted message, a delivered padding record (r4 = -1), or a refused claim.")
@State
public class MpscClaimsAtWrapTest {
    private static final int START = StressRings.CAPACITY - 32;

    private final StressRings.Lease ring = StressRings.mpsc(START);
    private final RingProducer first = ring.producer();
    private final RingProducer second = ring.secondProducer();
    private final RingConsumer consumer = ring.consumer();

    /** @param r r1: 1 when the claim got room */
    @Actor
    public void produceFirst(IIII_Result r) {
        r.r1 = Payloads.send(first, StressRings.MAX_MESSAGE, 1) ? 1 : 0;
    }

    /** @param r r2: 1 when the claim got room */
    @Actor
    public void produceSecond(IIII_Result r) {
        r.r2 = Payloads.send(second, StressRings.MAX_MESSAGE, 2) ? 1 : 0;
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
