package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.RingGeometry;
import io.ipcring.sync.RegionHeader;
import org.junit.jupiter.api.Test;

class RingDescriptorTest {
    @Test
    void headerFieldsFollowTheRegionHeaderInsideTheFirstLines() {
        assertEquals(RegionHeader.LENGTH, RingDescriptor.CAPACITY_OFFSET);
        assertTrue(RingDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET + 8 <= RingDescriptor.WAITER_FLAGS_OFFSET);
        assertTrue(RingDescriptor.CONSUMER_OWNER_OFFSET + 8 <= RingGeometry.PAGE_LENGTH);
        assertEquals(0, RingDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET % 8);
    }

    @Test
    void everyHotWordStartsItsOwnLine() {
        int[] lines = {RingDescriptor.WAITER_FLAGS_OFFSET, RingDescriptor.PRODUCER_OWNER_OFFSET,
                RingDescriptor.CONSUMER_OWNER_OFFSET, RingDescriptor.TAIL_OFFSET, RingDescriptor.CLAIM_OFFSET,
                RingDescriptor.HEAD_OFFSET, RingDescriptor.CONSUMER_LINE_OFFSET, RingDescriptor.CONSUMER_WAITING_OFFSET,
                RingDescriptor.PRODUCER_WAITING_OFFSET, RingDescriptor.FULL_EVENTS_OFFSET,
                RingDescriptor.PRODUCER_SLOTS_OFFSET};
        for (int i = 0; i < lines.length; i++) {
            assertEquals(0, lines[i] % RingGeometry.LINE_LENGTH, "offset " + lines[i]);
            if (i > 0) {
                assertTrue(lines[i] - lines[i - 1] >= RingGeometry.LINE_LENGTH, "offset " + lines[i]);
            }
        }
        assertTrue(RingDescriptor.TIMEOUT_REPAIRS_OFFSET + 8 <= RingDescriptor.CONSUMER_LINE_OFFSET + RingGeometry.LINE_LENGTH);
        for (int counter : new int[] {RingDescriptor.CONSUMED_OFFSET, RingDescriptor.MESSAGES_OFFSET, RingDescriptor.BYTES_OFFSET,
                RingDescriptor.CONSUMER_SLEEPS_OFFSET, RingDescriptor.PRODUCER_WAKES_OFFSET,
                RingDescriptor.DEAD_PRODUCER_REPAIRS_OFFSET, RingDescriptor.TIMEOUT_REPAIRS_OFFSET}) {
            assertTrue(counter >= RingDescriptor.HEAD_OFFSET + RingGeometry.LINE_LENGTH,
                    "the head line holds only the head, which producers read: offset " + counter);
        }
        assertTrue(RingDescriptor.CONSUMER_WAKES_OFFSET + 8 <= RingDescriptor.PRODUCER_SLOTS_OFFSET);
    }

    @Test
    void dataStartsOnAPageAfterBothSlotTables() {
        assertEquals(2 * RingGeometry.PAGE_LENGTH, RingDescriptor.dataOffset(0, 0));
        assertEquals(2 * RingGeometry.PAGE_LENGTH, RingDescriptor.dataOffset(16, 0));
        int big = RingDescriptor.dataOffset(RingGeometry.MAX_SLOTS, 3);
        assertEquals(0, big % RingGeometry.PAGE_LENGTH);
        assertTrue(big >= RingDescriptor.producerSlotOffset(RingGeometry.MAX_SLOTS + 3));
    }
}
