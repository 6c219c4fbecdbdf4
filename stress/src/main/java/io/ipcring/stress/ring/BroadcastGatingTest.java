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
 * Gating of {@code BroadcastRing} on its slowest subscriber: two subscribers are attached and the
 * publisher has filled the ring. Subscriber "a" reads one message while the publisher offers one
 * more: the offer must be refused, because subscriber "b" has read nothing and the new record
 * would overwrite its oldest unread one. Then "b" must still read every message, intact and in
 * order, and "a" the rest.
 */
@JCStressTest
@Description("BroadcastRing: the publisher never overwrites what the slowest attached subscriber has not read.")
@Outcome(id = "0, 1, 1, 1", expect = Expect.ACCEPTABLE, desc = "The offer was refused (b holds the ring); b then read every message, a the rest, all intact.")
@Outcome(id = "1, 1, 0, 1", expect = Expect.FORBIDDEN, desc = "The offer was taken: it overwrote b's oldest unread message.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: a lost, damaged or reordered message (r3 for b, r4 for a), or a's poll found nothing in a full ring.")
@State
public class BroadcastGatingTest {
    private final StressFanoutRings.Broadcast ring = StressFanoutRings.broadcast();
    private final int filled;

    /** Fills the ring: ids 1, 2, ... until the publisher is refused. */
    public BroadcastGatingTest() {
        int id = 1;
        while (Payloads.offer(ring.publisher, StressFanoutRings.MAX_MESSAGE, id)) {
            id++;
        }
        filled = id - 1;
    }

    /** @param r r1: 1 when the offer was taken */
    @Actor
    public void offer(IIII_Result r) {
        r.r1 = Payloads.offer(ring.publisher, StressFanoutRings.MAX_MESSAGE, filled + 1) ? 1 : 0;
    }

    /** @param r r2: messages subscriber a read (limit 1) */
    @Actor
    public void pollA(IIII_Result r) {
        r.r2 = ring.a.poll((type, buffer, offset, length) -> { }, 1);
    }

    /** @param r r3: 1 when b reads ids 1..filled intact in order; r4: 1 when a reads ids 2..filled */
    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = readsInOrder(new Payloads.Collector().drain(ring.b), 1) ? 1 : 0;
        r.r4 = readsInOrder(new Payloads.Collector().drain(ring.a), 2) ? 1 : 0;
        ring.release();
    }

    private boolean readsInOrder(Payloads.Collector read, int firstId) {
        return read.intact && read.count == filled - firstId + 1 && read.firstId == firstId;
    }
}
