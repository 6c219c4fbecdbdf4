package io.ipcring.stress.broken;

import io.ipcring.channel.MessageHandler;
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
 * The batch publication test of {@code io.ipcring.stress.ring.SpscBatchPublicationTest}, with the
 * real consumer reading what a {@link BrokenSpscProducer} ({@code FIRST_HEADER_FIRST}) publishes:
 * the first header released before the others are stored. Expected to report the FORBIDDEN torn
 * batch on x86 too.
 */
@JCStressTest
@Description("BROKEN on purpose: an SPSC producer releasing a batch's first header before the others; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = "1, 0, -1", expect = Expect.ACCEPTABLE, desc = "The poll came before the publication: nothing delivered.")
@Outcome(id = "1, 4, 1", expect = Expect.ACCEPTABLE, desc = "The whole batch was delivered, every payload intact.")
@Outcome(id = {"1, 1, 1", "1, 2, 1", "1, 3, 1", "1, 1, 0", "1, 2, 0", "1, 3, 0"}, expect = Expect.FORBIDDEN, desc = "A torn batch: only part of it delivered.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else.")
@State
public class FirstHeaderFirstBatchPublicationTest {
    private static final int COUNT = 4;
    private static final int LENGTH = 8;

    private final BrokenRings.Lease ring = BrokenRings.lease(BrokenSpscProducer.Mistake.FIRST_HEADER_FIRST);
    private int delivered;
    private boolean intact = true;
    private final MessageHandler check = (type, buffer, offset, length) -> {
        delivered++;
        intact &= intact(type, buffer, offset, length);
    };

    /** @param r r1: 1 when the ring had room */
    @Actor
    public void produce(III_Result r) {
        r.r1 = ring.producer.sendBatch(COUNT, LENGTH, 7) ? 1 : 0;
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
