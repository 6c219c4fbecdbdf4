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
 * Back-pressure of {@code MpscRing} at exactly full: seven 24-byte messages (32-byte records)
 * leave room for exactly one more in the 256-byte data region; two producers race for it. Exactly
 * one claim must succeed and the other be refused; the ring then holds exactly eight messages,
 * none overwritten.
 */
@JCStressTest
@Description("MpscRing: two producers racing for the last record's room: exactly one gets it, nothing is overwritten.")
@Outcome(id = {"1, 0, 8, 1", "0, 1, 8, 1"}, expect = Expect.ACCEPTABLE, desc = "One producer got the last room, the other was refused; eight messages, all intact.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Both or neither got room, or a message was overwritten or lost (r4 = 0).")
@State
public class MpscLastRoomTest {
    private static final int PAYLOAD = 24;

    private final StressRings.Lease ring = StressRings.mpsc(0);
    private final RingProducer first = ring.producer();
    private final RingProducer second = ring.secondProducer();
    private final RingConsumer consumer = ring.consumer();

    /** Leaves room for exactly one more record. */
    public MpscLastRoomTest() {
        for (int i = 0; i < 7; i++) {
            if (!Payloads.send(first, PAYLOAD, 3)) {
                throw new IllegalStateException("message " + i + " of 7 found no room");
            }
        }
    }

    /** @param r r1: 1 when the claim got room */
    @Actor
    public void produceFirst(IIII_Result r) {
        r.r1 = Payloads.send(first, PAYLOAD, 1) ? 1 : 0;
    }

    /** @param r r2: 1 when the claim got room */
    @Actor
    public void produceSecond(IIII_Result r) {
        r.r2 = Payloads.send(second, PAYLOAD, 2) ? 1 : 0;
    }

    /** @param r r3: messages in the ring; r4: 1 when all are intact */
    @Arbiter
    public void arbiter(IIII_Result r) {
        Payloads.Collector all = new Payloads.Collector().drain(consumer);
        r.r3 = all.count;
        r.r4 = all.intact ? 1 : 0;
        ring.release();
    }
}
