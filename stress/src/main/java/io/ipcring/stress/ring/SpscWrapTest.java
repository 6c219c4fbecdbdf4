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
 * Wrap-around padding of {@code SpscRing}: the state's empty ring stands 32 bytes before the end
 * of its 256-byte data region, so the 40-byte record sent next cannot fit there. The producer must write a
 * padding record over the last 32 bytes and the record at index 0; the consumer, racing it, must
 * skip the padding (never deliver it) and deliver the record with its whole payload.
 */
@JCStressTest
@Description("SpscRing: a record that does not fit before the end goes to index 0 behind a padding record the consumer skips.")
@Outcome(id = "1, 0, -1", expect = Expect.ACCEPTABLE, desc = "The poll came before the commit: nothing delivered.")
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "The wrapped record was delivered whole; the padding was skipped.")
@Outcome(id = "1, 1, 0", expect = Expect.FORBIDDEN, desc = "The wrapped record was delivered with a stale payload, or the padding was delivered as a message.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: the claim refused although the ring was empty (r1 = 0), or more than one delivery.")
@State
public class SpscWrapTest {
    private static final int START = StressRings.CAPACITY - 32;

    private final StressRings.Lease ring = StressRings.spsc(START);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();
    private final Payloads.Collector collector = new Payloads.Collector();

    /** @param r r1: 1 when the claim got room */
    @Actor
    public void produce(III_Result r) {
        r.r1 = Payloads.send(producer, StressRings.MAX_MESSAGE, 7) ? 1 : 0;
    }

    /** @param r r2: messages delivered by one poll; r3: whether the payload was intact */
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
