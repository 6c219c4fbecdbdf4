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
 * Publication of a batch in {@code SpscRing}: the producer claims 4 records of 8 bytes with one
 * reservation, writes them in place with plain stores and commits the batch (the headers of
 * records 1..3 with plain stores, then the first header with a release store); the consumer polls
 * once. It must see the whole batch with every payload or nothing: never a part of the batch
 * (a record after the first visible before the first, or the first without the others), never a
 * stale payload. The ring is leased wherever the last lease left it, so some batches start at
 * index 0 after a wrap padding.
 */
@JCStressTest
@Description("SpscRing: a consumer sees a committed batch whole or not at all.")
@Outcome(id = "1, 0, -1", expect = Expect.ACCEPTABLE, desc = "The poll came before the commit: nothing delivered.")
@Outcome(id = "1, 4, 1", expect = Expect.ACCEPTABLE, desc = "The whole batch was delivered, every payload intact.")
@Outcome(id = {"1, 1, 1", "1, 2, 1", "1, 3, 1", "1, 1, 0", "1, 2, 0", "1, 3, 0"}, expect = Expect.FORBIDDEN, desc = "A torn batch: only part of it delivered (a header after the first published before it, or the first without the others).")
@Outcome(id = "1, 4, 0", expect = Expect.FORBIDDEN, desc = "The batch was delivered with a stale payload: the commit is not a release, or the poll not an acquire.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: a claim refused in an empty ring (r1 = 0), or more records.")
@State
public class SpscBatchPublicationTest {
    /** Records per batch: 4 records of 8 bytes fill the largest batch, a quarter of the stress ring. */
    static final int COUNT = 4;
    static final int LENGTH = 8;

    private final StressRings.Lease ring = StressRings.spsc();
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();
    private final Payloads.Collector collector = new Payloads.Collector();

    /** @param r r1: 1 when the batch claim got room */
    @Actor
    public void produce(III_Result r) {
        r.r1 = Payloads.sendBatch(producer, COUNT, LENGTH, 7) ? 1 : 0;
    }

    /** @param r r2: records delivered by one poll; r3: whether every payload was intact */
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
