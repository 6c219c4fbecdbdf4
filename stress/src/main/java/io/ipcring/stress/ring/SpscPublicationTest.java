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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Publication safety of {@code SpscRing}: the producer claims 32 bytes, writes them in place with
 * plain stores and commits; the consumer polls once. A record the consumer sees must carry the
 * payload written before the commit, never stale bytes.
 */
@JCStressTest
@Description("SpscRing: a consumer never sees a committed record with a stale payload.")
@Outcome(id = "1, 0, -1", expect = Expect.ACCEPTABLE, desc = "The poll came before the commit: nothing delivered.")
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "The record was delivered with its whole payload.")
@Outcome(id = "1, 1, 0", expect = Expect.FORBIDDEN, desc = "The record was delivered but its payload is stale: the commit is not a release, or the poll not an acquire.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: a claim refused in an empty ring (r1 = 0), or more than one record.")
@State
public class SpscPublicationTest {
    private final StressRings.Lease ring = StressRings.spsc();
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();
    private final Payloads.Collector collector = new Payloads.Collector();

    /** @param r r1: 1 when the claim got room */
    @Actor
    public void produce(III_Result r) {
        r.r1 = Payloads.send(producer, StressRings.MAX_MESSAGE, 7) ? 1 : 0;
    }

    /** @param r r2: records delivered by one poll; r3: whether the payload was intact */
    @Actor
    public void consume(III_Result r) {
        r.r2 = consumer.poll(collector, 10);
        r.r3 = collector.verdict();
    }

    /** Returns the ring to the pool once both actors are done. */
    @Arbiter
    public void release() {
        ring.release();
    }
}
