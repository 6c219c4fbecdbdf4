package io.ipcring.stress.ring;

import io.ipcring.stress.StressFanoutRings;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Publication safety of {@code BroadcastRing}: the publisher offers one 24-byte message while
 * subscriber "a" polls once. A record the subscriber sees must carry the whole payload.
 */
@JCStressTest
@Description("BroadcastRing: a subscriber never sees a committed record with a stale payload.")
@Outcome(id = "1, 0, -1", expect = Expect.ACCEPTABLE, desc = "The poll came before the commit: nothing delivered.")
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "The record was delivered with its whole payload.")
@Outcome(id = "1, 1, 0", expect = Expect.FORBIDDEN, desc = "The record was delivered with a stale payload: the tail is not published with a release, or not read with an acquire.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else: the offer refused in an empty ring (r1 = 0), or more than one record.")
@State
public class BroadcastPublicationTest {
    private final StressFanoutRings.Broadcast ring = StressFanoutRings.broadcast();
    private final Payloads.Collector collector = new Payloads.Collector();

    /** @param r r1: 1 when the offer was taken */
    @Actor
    public void offer(III_Result r) {
        r.r1 = Payloads.offer(ring.publisher, StressFanoutRings.MAX_MESSAGE, 7) ? 1 : 0;
    }

    /** @param r r2: messages one poll delivered; r3: 1 intact, 0 stale, -1 none */
    @Actor
    public void poll(III_Result r) {
        r.r2 = ring.a.poll(collector, 10);
        r.r3 = collector.verdict();
    }

    /** Returns the ring to the pool once both actors are done. */
    @Arbiter
    public void release() {
        ring.release();
    }
}
