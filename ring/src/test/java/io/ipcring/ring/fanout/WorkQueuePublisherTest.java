package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.TestThreads;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueuePublisherTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void aWriterThatThrowsLeavesPaddingAndTheExceptionPropagates() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wqp"), WorkQueueRingOptions.defaults().capacity(1024));
             WorkQueuePublisher publisher = (WorkQueuePublisher) ring.publisher();
             Subscriber consumer = ring.consumer()) {
            assertThrows(ArithmeticException.class, () -> publisher.offer(4, 1, (buffer, offset) -> {
                throw new ArithmeticException("codec failed");
            }));
            assertEquals(64, ring.records().tail(), "the claim was published as padding");
            assertTrue(publisher.offer(3, 2, (buffer, offset) -> buffer.put(offset, new byte[] {1, 2, 3})));
            Collector c = new Collector();
            assertEquals(1, consumer.poll(c, 10));
            assertEquals(2, c.types.get(0));
            assertEquals(1, ring.stats().messages());
        }
    }

    @Test
    void theMessageBoundIsCheckedAgainInTheCommitTurn() throws Exception {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wqp"), WorkQueueRingOptions.forMessages(1, 8));
             WorkQueuePublisher first = (WorkQueuePublisher) ring.publisher();
             WorkQueuePublisher second = (WorkQueuePublisher) ring.publisher();
             Subscriber consumer = ring.consumer()) {
            CompletableFuture<Boolean>[] late = new CompletableFuture[1];
            assertTrue(first.offer(1, 1, (buffer, offset) -> {
                // while the first claim is open, a second producer passes the early check (queue
                // still empty) and claims behind it; it must be refused in its commit turn
                long claim = ring.memory().getLongVolatile(WorkQueueRingDescriptor.CLAIM_OFFSET);
                late[0] = CompletableFuture.supplyAsync(() -> second.offer(new byte[1], 0, 1, 1), TestThreads.NEW_THREAD);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (ring.memory().getLongVolatile(WorkQueueRingDescriptor.CLAIM_OFFSET) == claim) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the second producer never claimed: " + late[0]);
                    }
                    Thread.onSpinWait();
                }
                buffer.put(offset, (byte) 7);
            }));
            assertFalse(late[0].get(20, TimeUnit.SECONDS), "refused: the queue holds its one message");
            assertEquals(1, ring.size());
            assertEquals(1, ring.stats().messages());
            assertTrue(ring.stats().fullEvents() >= 1);
            Collector c = new Collector();
            assertEquals(1, consumer.poll(c, 10));
            assertEquals(7, c.payloads.get(0)[0]);
        }
    }

    @Test
    void aPublisherOpenedByPathClosesItsRingAndRejectsUseAfterClose() {
        Path path = paths.next("wqp");
        Publisher publisher = WorkQueueRing.openPublisher(path, WorkQueueRingOptions.defaults().capacity(1024));
        assertEquals(1024 / 8 - 32, publisher.maxMessageLength());
        assertTrue(publisher.uri().endsWith("?kind=workqueue"), publisher.uri());
        publisher.close();
        assertThrows(ChannelClosedException.class, () -> publisher.offer(new byte[1], 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> {
            try (WorkQueueRing ring = WorkQueueRing.open(path); Publisher p = ring.publisher()) {
                p.offer(new byte[97], 0, 97, 1);
            }
        });
    }

    @Test
    void anOfferAtTheBoundFirstReclaimsDoneRecordsThatTwoFinishersLeft() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("wqp"), WorkQueueRingOptions.forMessages(2, 8));
             Publisher publisher = ring.publisher()) {
            assertTrue(publisher.offer(new byte[1], 0, 1, 1));
            assertTrue(publisher.offer(new byte[1], 0, 1, 1));
            // two finishers (a consumer and a removal) that each stopped before the other's record
            for (long position : new long[] {0, 64}) {
                ring.memory().putLongVolatile(ring.dataOffset() + (int) position + WorkQueueRingDescriptor.STATE_OFFSET,
                        position | WorkQueueRingDescriptor.DONE_BIT);
            }
            assertEquals(0, ring.records().reclaim());
            assertTrue(publisher.offer(new byte[1], 0, 1, 1), "both records are done: the queue is not full");
            assertEquals(1, ring.size());
        }
    }
}
