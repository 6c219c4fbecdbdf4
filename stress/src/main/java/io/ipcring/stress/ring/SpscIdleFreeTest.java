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
 * The idle free of {@code SpscRing}'s consumer: a poll that finds nothing zeroes and frees whole
 * 64-byte lines only, never the line its position is in, because the producer writes the rest of
 * that line next. The consumer stands at index 16 (inside the first line of the data region);
 * the producer writes a 40-byte record at 16..56 while the consumer polls, perhaps finding
 * nothing and freeing. A free that reached into the line (rounding up, or zeroing to the end of
 * the line) would wipe the record's payload or header: delivered stale, or lost.
 */
@JCStressTest
@Description("SpscRing: a poll that finds nothing never zeroes the line the producer is writing in.")
@Outcome(id = "1, 1, 0, 1", expect = Expect.ACCEPTABLE, desc = "The poll found the record, intact.")
@Outcome(id = "1, 0, 1, 1", expect = Expect.ACCEPTABLE, desc = "The poll came first; the arbiter found the record, intact.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The record lost, delivered twice or with a zeroed word.")
@State
public class SpscIdleFreeTest {
    private static final int PAYLOAD = 32;
    private static final int ID = 5;

    private final StressRings.Lease ring = StressRings.spsc(16);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();
    private final Payloads.Collector polled = new Payloads.Collector();

    /** @param r r1: 1 when the record got room */
    @Actor
    public void produce(IIII_Result r) {
        r.r1 = Payloads.send(producer, PAYLOAD, ID) ? 1 : 0;
    }

    /** @param r r2: records one poll delivered */
    @Actor
    public void consume(IIII_Result r) {
        r.r2 = consumer.poll(polled, 10);
    }

    /** @param r r3: records left for the arbiter; r4: 1 when the one record came intact */
    @Arbiter
    public void arbiter(IIII_Result r) {
        Payloads.Collector rest = new Payloads.Collector().drain(consumer);
        r.r3 = rest.count;
        r.r4 = (r.r2 == 1 ? polled.verdict() : rest.verdict()) == Payloads.INTACT ? 1 : 0;
        ring.release();
    }
}
