package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueRecordsTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void reclaimStopsAtAClaimedRecordAndSizeCountsEverythingNotReclaimed() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("rec"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            for (int i = 0; i < 4; i++) {
                publisher.offer(new byte[] {(byte) i}, 0, 1, 1);
            }
            WorkQueueRecords records = ring.records();
            assertEquals(4, records.size());
            assertEquals(4, records.sizeAtCommit(4, records.tail()));
            // record 0 held by another (live) consumer slot; 1 and 2 taken and done
            ring.memory().putLongVolatile(ring.dataOffset() + WorkQueueRingDescriptor.STATE_OFFSET,
                    WorkQueueRingDescriptor.claimed(0, 1));
            assertEquals(2, consumer.poll(new Collector(), 2));
            assertEquals(0, records.advanceReclaim(), "held by a live consumer: nothing reclaimed");
            assertEquals(4, records.size(), "done messages behind a held one are still counted");
            ring.memory().putLongVolatile(ring.dataOffset() + WorkQueueRingDescriptor.STATE_OFFSET, 1);
            assertEquals(192, records.advanceReclaim());
            assertEquals(1, records.size());
        }
    }

    @Test
    void theWaitingSnapshotSkipsClaimedAndDoneRecords() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("rec"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            for (int i = 0; i < 4; i++) {
                publisher.offer(new byte[] {(byte) i}, 0, 1, 1);
            }
            assertEquals(1, consumer.poll(new Collector(), 1));
            ring.memory().putLongVolatile(ring.dataOffset() + 64 + WorkQueueRingDescriptor.STATE_OFFSET,
                    WorkQueueRingDescriptor.claimed(3, 1));
            Collector c = new Collector();
            assertEquals(2, ring.records().forEachWaiting(into(c), 10));
            assertEquals(2, c.payloads.get(0)[0]);
            assertEquals(3, c.payloads.get(1)[0]);
            assertEquals(1, ring.records().forEachWaiting(into(new Collector()), 1));
        }
    }

    @Test
    void impossibleSequencesAndHeadersAreReportedAsCorruption() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("rec"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher()) {
            publisher.offer(new byte[1], 0, 1, 1);
            WorkQueueRecords records = ring.records();
            ring.memory().putLong(ring.dataOffset() + WorkQueueRingDescriptor.SEQUENCE_OFFSET, 7);
            assertThrows(RingCorruptedException.class, () -> records.sizeAtCommit(1, 64));
            ring.memory().putInt(ring.dataOffset() + WorkQueueRingDescriptor.TYPE_OFFSET, 0);
            assertEquals(-1, records.recordBytes(0, 64));
            assertThrows(RingCorruptedException.class, () -> records.forEachWaiting(into(new Collector()), 1));
            ring.memory().putLongVolatile(ring.dataOffset() + WorkQueueRingDescriptor.STATE_OFFSET, 1);
            assertThrows(RingCorruptedException.class, records::advanceReclaim);
        }
    }

    @Test
    void countNotDoneLeavesOutDoneRecordsBehindOneStillWaiting() {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("rec"), WorkQueueRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            for (int i = 0; i < 4; i++) {
                publisher.offer(new byte[] {(byte) i}, 0, 1, 1);
            }
            assertEquals(1, consumer.poll(new Collector(), 1));
            ring.memory().putLongVolatile(ring.dataOffset() + 64 + WorkQueueRingDescriptor.STATE_OFFSET,
                    WorkQueueRingDescriptor.claimed(3, 1));
            ring.memory().putLongVolatile(ring.dataOffset() + 128 + WorkQueueRingDescriptor.STATE_OFFSET,
                    128 | WorkQueueRingDescriptor.DONE_BIT);
            assertEquals(3, ring.size());
            assertEquals(2, ring.records().countNotDone());
        }
    }

    private static WorkQueueRecords.WaitingVisitor into(Collector c) {
        return (position, type, payload) -> c.onMessage(type, ByteBuffer.wrap(payload), 0, payload.length);
    }
}
