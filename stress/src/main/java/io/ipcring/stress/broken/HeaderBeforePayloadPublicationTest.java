package io.ipcring.stress.broken;

import io.ipcring.channel.MessageHandler;
import io.ipcring.stress.StressRings;
import java.nio.ByteBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The publication test of {@code io.ipcring.stress.ring.SpscPublicationTest}, with the real
 * consumer reading what a {@link BrokenSpscProducer} ({@code HEADER_BEFORE_PAYLOAD}) publishes. Expected to report the FORBIDDEN stale payload on x86 too.
 */
@JCStressTest
@Description("BROKEN on purpose: an SPSC producer publishing the header word before writing the payload; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = "1, 0, -1", expect = Expect.ACCEPTABLE, desc = "The poll came before the publication: nothing delivered.")
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "The record was delivered with its whole payload.")
@Outcome(id = "1, 1, 0", expect = Expect.FORBIDDEN, desc = "The record was delivered with a stale payload.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else.")
@State
public class HeaderBeforePayloadPublicationTest {
    private final BrokenRings.Lease ring = BrokenRings.lease(BrokenSpscProducer.Mistake.HEADER_BEFORE_PAYLOAD);
    private int delivered;
    private boolean intact = true;
    private final MessageHandler check = (type, buffer, offset, length) -> {
        delivered++;
        intact &= intact(type, buffer, offset, length);
    };

    /** @param r r1: 1 when the ring had room */
    @Actor
    public void produce(III_Result r) {
        r.r1 = ring.producer.send(StressRings.MAX_MESSAGE, 7) ? 1 : 0;
    }

    /** @param r r2: records delivered by one poll; r3: 1 intact, 0 stale, -1 none */
    @Actor
    public void consume(III_Result r) {
        r.r2 = ring.consumer.poll(check, 10);
        r.r3 = delivered == 0 ? -1 : intact ? 1 : 0;
    }

    /** Returns the ring to the pool once both actors are done. */
    @Arbiter
    public void release() {
        ring.release();
    }

    private static boolean intact(int type, ByteBuffer buffer, int offset, int length) {
        for (int i = 0; i < length / Long.BYTES; i++) {
            if (buffer.getLong(offset + i * Long.BYTES) != type * 1000L + i) {
                return false;
            }
        }
        return true;
    }
}
