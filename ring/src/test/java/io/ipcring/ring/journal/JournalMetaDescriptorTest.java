package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.RegionHeader;
import org.junit.jupiter.api.Test;

class JournalMetaDescriptorTest {
    @Test
    void theHotWordsSitOnLinesOfTheirOwnAfterTheHeaderAndSlotsFollowThem() {
        assertTrue(JournalMetaDescriptor.INDEX_INTERVAL_OFFSET + Integer.BYTES <= JournalMetaDescriptor.CURRENT_SEGMENT_OFFSET);
        assertEquals(RegionHeader.LENGTH, JournalMetaDescriptor.ROLL_BYTES_OFFSET);
        assertTrue(JournalMetaDescriptor.INDEX_INTERVAL_OFFSET + Integer.BYTES <= JournalMetaDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET);
        assertEquals(0, JournalMetaDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET % Long.BYTES);
        assertTrue(JournalMetaDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET + Long.BYTES <= JournalMetaDescriptor.CURRENT_SEGMENT_OFFSET);
        assertEquals(0, JournalMetaDescriptor.CURRENT_SEGMENT_OFFSET % 128);
        assertEquals(0, JournalMetaDescriptor.SIGNAL_OFFSET % 128);
        assertTrue(JournalMetaDescriptor.WAKES_OFFSET + Long.BYTES <= JournalMetaDescriptor.SLOTS_OFFSET);
        assertEquals(JournalMetaDescriptor.SLOTS_OFFSET + 3 * 128, JournalMetaDescriptor.slotOffset(3));
        assertEquals(JournalMetaDescriptor.SLOTS_OFFSET + 16 * 128, JournalMetaDescriptor.fileLength(16));
    }
}
