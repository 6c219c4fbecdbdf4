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
 * Back-pressure of {@code SpscRing} at exactly full: eight 24-byte messages (32-byte records)
 * fill the 256-byte data region exactly. Then the producer tries a ninth while the consumer polls
 * one: the ninth gets room only if the poll freed it first (the producer must re-read the head,
 * with acquire, when its cached copy says full), and it must never overwrite an unread record.
 * The arbiter drains the rest and checks every message, in order.
 */
@JCStressTest
@Description("SpscRing: at exactly full a claim fails until the consumer frees room, and never overwrites unread records.")
@Outcome(id = "1, 1, 8, 1", expect = Expect.ACCEPTABLE, desc = "The poll freed a record first; the ninth message got its room; all eight left arrive intact, in order.")
@Outcome(id = "0, 1, 7, 1", expect = Expect.ACCEPTABLE, desc = "The claim came while the ring was full and was refused; the seven left arrive intact, in order.")
@Outcome(expect = Expect.FORBIDDEN, desc = "An overwritten or lost record (r4 = 0), a wrong count, or a poll that delivered nothing from a full ring.")
@State
public class SpscBackPressureTest {
    private static final int RECORDS = 8;
    private static final int PAYLOAD = StressRings.CAPACITY / RECORDS - 8;

    private final StressRings.Lease ring = StressRings.spsc(0);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();
    private final Payloads.Collector first = new Payloads.Collector();

    /** Fills the ring exactly: messages 1 to 8. */
    public SpscBackPressureTest() {
        for (int id = 1; id <= RECORDS; id++) {
            if (!Payloads.send(producer, PAYLOAD, id)) {
                throw new IllegalStateException("message " + id + " of " + RECORDS + " found no room in a ring of "
                        + StressRings.CAPACITY + " bytes");
            }
        }
    }

    /** @param r r1: 1 when the ninth message got room */
    @Actor
    public void produce(IIII_Result r) {
        r.r1 = Payloads.send(producer, PAYLOAD, RECORDS + 1) ? 1 : 0;
    }

    /** @param r r2: messages one poll of limit 1 delivered */
    @Actor
    public void consume(IIII_Result r) {
        r.r2 = consumer.poll(first, 1);
    }

    /** @param r r3: messages left; r4: 1 when they are the expected ids in order, intact, after message 1 */
    @Arbiter
    public void arbiter(IIII_Result r) {
        Payloads.Collector rest = new Payloads.Collector();
        for (int i = 0; i < 20 && consumer.poll(rest, 1) > 0; i++) {
            boolean expected = rest.intact && rest.count == i + 1 && rest.ids % 10 == (i + 2) % 10;
            if (!expected) {
                rest.intact = false;
            }
        }
        r.r3 = rest.count;
        r.r4 = first.firstId == 1 && first.intact && rest.intact ? 1 : 0;
        ring.release();
    }
}
