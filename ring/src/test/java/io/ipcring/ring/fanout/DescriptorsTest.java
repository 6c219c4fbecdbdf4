package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.RingGeometry;
import io.ipcring.sync.RegionHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layouts of {@link BroadcastRingDescriptor}, {@link WorkQueueRingDescriptor} and {@link ProducerSlotDescriptor}. */
class DescriptorsTest {
    private static void assertOwnLines(List<Integer> hotWords, int line) {
        for (int i = 0; i < hotWords.size(); i++) {
            assertEquals(0, hotWords.get(i) % line, "word " + i + " at " + hotWords.get(i) + " starts a line");
            if (i > 0) {
                assertTrue(hotWords.get(i) - hotWords.get(i - 1) >= line, "word " + i + " has a line of its own");
            }
        }
    }

    @Test
    void broadcastCountersEachHaveALineAndTheDataIsPageAligned() {
        assertOwnLines(List.of(BroadcastRingDescriptor.CLAIM_OFFSET, BroadcastRingDescriptor.TAIL_OFFSET,
                BroadcastRingDescriptor.RETAINED_OFFSET, BroadcastRingDescriptor.EPOCH_OFFSET,
                BroadcastRingDescriptor.ATTACH_LOCK_OFFSET, BroadcastRingDescriptor.REPAIR_LOCK_OFFSET,
                BroadcastRingDescriptor.NOT_EMPTY_OFFSET, BroadcastRingDescriptor.NOT_FULL_OFFSET,
                BroadcastRingDescriptor.MESSAGES_OFFSET, BroadcastRingDescriptor.FULL_EVENTS_OFFSET,
                BroadcastRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET), RingGeometry.LINE_LENGTH);
        assertTrue(BroadcastRingDescriptor.LIVENESS_TIMEOUT_OFFSET + 8 <= RingGeometry.PAGE_LENGTH);
        assertTrue(BroadcastRingDescriptor.CAPACITY_OFFSET >= RegionHeader.LENGTH);
        assertEquals(0, BroadcastRingDescriptor.dataOffset(16, 16) % 4096);
        assertTrue(BroadcastRingDescriptor.dataOffset(16, 16)
                >= BroadcastRingDescriptor.subscriberSlotTableOffset(16) + 16 * BroadcastRingDescriptor.SUBSCRIBER_SLOT_LENGTH);
        assertTrue(BroadcastRingDescriptor.SUBSCRIBER_NAME_OFFSET + BroadcastRingDescriptor.NAME_MAX_BYTES
                <= BroadcastRingDescriptor.SUBSCRIBER_SLOT_LENGTH);
        assertEquals(16, BroadcastRingDescriptor.recordLength(5));
        assertEquals(1024 * 1024 + BroadcastRingDescriptor.dataOffset(2, 3), BroadcastRingDescriptor.regionLength(2, 3, 1 << 20));
    }

    @Test
    void workQueueCountersEachHaveALineAndRecordsFitTheirAlignment() {
        assertOwnLines(List.of(WorkQueueRingDescriptor.CLAIM_OFFSET, WorkQueueRingDescriptor.TAIL_OFFSET,
                WorkQueueRingDescriptor.RECLAIM_OFFSET, WorkQueueRingDescriptor.DISPATCH_OFFSET,
                WorkQueueRingDescriptor.REPAIR_LOCK_OFFSET, WorkQueueRingDescriptor.NOT_EMPTY_OFFSET,
                WorkQueueRingDescriptor.NOT_FULL_OFFSET, WorkQueueRingDescriptor.MESSAGES_OFFSET,
                WorkQueueRingDescriptor.FULL_EVENTS_OFFSET, WorkQueueRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET),
                RingGeometry.LINE_LENGTH);
        assertEquals(0, WorkQueueRingDescriptor.dataOffset(16, 16) % 4096);
        assertEquals(WorkQueueRingDescriptor.RECORD_ALIGNMENT, WorkQueueRingDescriptor.RECORD_HEADER_LENGTH,
                "a padding record always fits in the space left at the end of the data");
        assertEquals(32, WorkQueueRingDescriptor.recordLength(0));
        assertEquals(64, WorkQueueRingDescriptor.recordLength(1));
        assertEquals(64, WorkQueueRingDescriptor.recordLength(32));
    }

    @Test
    void aClaimWordNamesItsSlotAndGenerationAndIsNeverAPosition() {
        long claim = WorkQueueRingDescriptor.claimed(1023, 123_456_789L);
        assertTrue(claim < 0, "positions are non-negative");
        assertEquals(1023, WorkQueueRingDescriptor.claimSlot(claim));
        assertEquals(123_456_789L, WorkQueueRingDescriptor.claimGeneration(claim));
        long wrapped = WorkQueueRingDescriptor.claimed(0, WorkQueueRingDescriptor.CLAIM_GENERATION_MASK + 2);
        assertEquals(1, WorkQueueRingDescriptor.claimGeneration(wrapped));
    }

    @Test
    void producerSlotsHaveALineEach() {
        assertEquals(128, ProducerSlotDescriptor.LENGTH);
        assertTrue(ProducerSlotDescriptor.CLAIM_START_OFFSET + 8 <= ProducerSlotDescriptor.LENGTH);
        assertTrue(ProducerSlotDescriptor.NO_CLAIM_START < 0, "never a position");
    }
}
