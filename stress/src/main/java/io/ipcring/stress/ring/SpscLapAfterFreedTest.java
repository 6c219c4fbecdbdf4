package io.ipcring.stress.ring;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.stress.StressRings;
import java.nio.ByteBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The lap boundary of {@code SpscRing}'s deferred freeing: the consumer frees (zeroes, then
 * stores the head) only once a stride of 32 bytes is consumed in a 256-byte ring, so after one
 * 16-byte record is read the head stays at 0 while the record, not zeroed yet, still looks
 * committed. Fifteen more fill the ring exactly, a lap after the freed position. Then the
 * producer tries a seventeenth while the consumer polls the fifteen: the consumer must stop a
 * lap after the freed position (where it would read message 1 again) and free, and the
 * producer must get room only from that free. The arbiter drains the rest and checks every
 * message, in order.
 */
@JCStressTest
@Description("SpscRing: a consumer with consumed but unfreed space never reads a lap past the freed position, and the producer never overwrites it.")
@Outcome(id = "1, 15, 1, 1", expect = Expect.ACCEPTABLE, desc = "The poll freed the space first; the seventeenth message got room and arrives after the fifteen.")
@Outcome(id = "0, 15, 0, 1", expect = Expect.ACCEPTABLE, desc = "The claim came while the ring was full and was refused; the fifteen arrive.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Message 1 read again, a record overwritten or lost, a wrong count or order.")
@State
public class SpscLapAfterFreedTest {
    private static final int PAYLOAD = 8;
    private static final int RECORD = 16;
    private static final int FILL = StressRings.CAPACITY / RECORD;

    private final StressRings.Lease ring = StressRings.spsc(0);
    private final RingProducer producer = ring.producer();
    private final RingConsumer consumer = ring.consumer();
    private final Sequence polled = new Sequence(2);

    /** Sends and reads message 1 (not freed: below the stride), then fills the ring with 2 to 16. */
    public SpscLapAfterFreedTest() {
        for (int id = 1; id <= FILL; id++) {
            if (!Payloads.send(producer, PAYLOAD, id)) {
                throw new IllegalStateException("message " + id + " found no room in a ring of "
                        + StressRings.CAPACITY + " bytes");
            }
            if (id == 1 && consumer.poll(new Sequence(1), 1) != 1) {
                throw new IllegalStateException("message 1 was not delivered");
            }
        }
    }

    /** @param r r1: 1 when the seventeenth message got room */
    @Actor
    public void produce(IIII_Result r) {
        r.r1 = Payloads.send(producer, PAYLOAD, FILL + 1) ? 1 : 0;
    }

    /** @param r r2: messages one poll delivered */
    @Actor
    public void consume(IIII_Result r) {
        r.r2 = consumer.poll(polled, 100);
    }

    /** @param r r3: messages left; r4: 1 when every message came intact, in order, from 2 on */
    @Arbiter
    public void arbiter(IIII_Result r) {
        Sequence rest = new Sequence(polled.next);
        for (int i = 0; i < 20 && consumer.poll(rest, 100) > 0; i++) {
            Thread.onSpinWait();
        }
        r.r3 = rest.next - polled.next;
        r.r4 = polled.inOrder && rest.inOrder ? 1 : 0;
        ring.release();
    }

    /** Checks that messages arrive intact with consecutive ids. */
    private static final class Sequence implements MessageHandler {
        int next;
        boolean inOrder = true;

        Sequence(int first) {
            this.next = first;
        }

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            inOrder &= type == next && Payloads.check(type, buffer, offset, length) == Payloads.INTACT;
            next++;
        }
    }
}
