package io.ipcring.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageHandler;
import io.ipcring.sync.ProcessIdentity;
import org.junit.jupiter.api.Test;

class StressRingsTest {
    private static final MessageHandler IGNORE = (type, buffer, offset, length) -> { };

    @Test
    void aLeaseStandsEmptyAtTheIndexAskedAndIsReusedOnlyAfterRelease() {
        StressRings.Lease first = StressRings.spsc(StressRings.CAPACITY - 32);
        assertEquals(StressRings.CAPACITY - 32, first.consumer().position() % StressRings.CAPACITY);
        assertTrue(first.producer().offer(new byte[8], 0, 8, 1));
        StressRings.Lease second = StressRings.spsc(0);
        assertFalse(first == second, "a leased ring is not handed out twice");
        first.release();
        StressRings.Lease again = StressRings.spsc(8);
        assertSame(first, again, "a released ring is reused");
        assertEquals(0, again.consumer().poll(IGNORE, 10), "drained at lease");
        assertEquals(8, again.consumer().position() % StressRings.CAPACITY);
        again.release();
        second.release();
    }

    @Test
    void mpscLeasesHaveTwoProducersAndSpscLeasesOne() {
        StressRings.Lease mpsc = StressRings.mpsc();
        assertTrue(mpsc.producer().offer(new byte[4], 0, 4, 1) && mpsc.secondProducer().offer(new byte[4], 0, 4, 2));
        assertEquals(2, mpsc.consumer().poll(IGNORE, 10));
        mpsc.release();
        StressRings.Lease spsc = StressRings.spsc();
        assertThrows(IllegalStateException.class, spsc::secondProducer);
        assertThrows(IllegalArgumentException.class, () -> StressRings.spsc(3));
        spsc.release();
    }

    @Test
    void fanoutLeasesAreDrainedForEverySubscriberAndConsumer() {
        StressFanoutRings.Broadcast broadcast = StressFanoutRings.broadcast();
        assertTrue(broadcast.publisher.offer(new byte[8], 0, 8, 1));
        broadcast.release();
        StressFanoutRings.Broadcast again = StressFanoutRings.broadcast();
        assertEquals(0, again.a.poll(IGNORE, 10) + again.b.poll(IGNORE, 10));
        again.release();
        StressFanoutRings.WorkQueue queue = StressFanoutRings.workQueue();
        assertTrue(queue.publisher.offer(new byte[8], 0, 8, 1));
        queue.release();
        StressFanoutRings.WorkQueue queueAgain = StressFanoutRings.workQueue();
        assertEquals(0, queueAgain.first.poll(IGNORE, 10) + queueAgain.second.poll(IGNORE, 10));
        queueAgain.release();
    }

    @Test
    void theDeadProcessIsDead() {
        ProcessIdentity dead = DeadProcess.identity();
        assertFalse(dead.isAlive());
        assertTrue(dead.startTicks() > 0);
    }
}
