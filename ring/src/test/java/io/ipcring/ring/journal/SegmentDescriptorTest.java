package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentDescriptorTest {
    @Test
    void aClaimWordPacksCountOffsetAndTheSealedBit() {
        long word = SegmentDescriptor.claimWord(0x7FFF_FFFFL, 1 << 30);
        assertEquals(0x7FFF_FFFF, SegmentDescriptor.count(word));
        assertEquals(1 << 30, SegmentDescriptor.offset(word));
        assertFalse(SegmentDescriptor.sealed(word));
        long sealed = word | SegmentDescriptor.SEALED;
        assertTrue(SegmentDescriptor.sealed(sealed));
        assertEquals(0x7FFF_FFFF, SegmentDescriptor.count(sealed));
        assertEquals(1 << 30, SegmentDescriptor.offset(sealed));
    }

    @Test
    void recordsTakeTheirHeaderSequenceAndTimestampAlignedToEight() {
        assertEquals(24, SegmentDescriptor.recordLength(0));
        assertEquals(32, SegmentDescriptor.recordLength(1));
        assertEquals(32, SegmentDescriptor.recordLength(8));
        assertEquals(1024, SegmentDescriptor.recordLength(1000));
        long header = SegmentDescriptor.header(-48, 0);
        assertEquals(-48, SegmentDescriptor.headerLength(header));
        assertEquals(0, SegmentDescriptor.headerType(header));
        long padding = SegmentDescriptor.header(24, MessageFrame.PADDING_TYPE);
        assertEquals(MessageFrame.PADDING_TYPE, SegmentDescriptor.headerType(padding));
        assertEquals(24, SegmentDescriptor.headerLength(padding));
    }

    @Test
    void theIndexHoldsAnEntryPerIntervalOfTheMostRecordsAndTheDataStartsOnAPage() {
        int entries = SegmentDescriptor.indexEntries(1 << 30, 64);
        assertEquals((1 << 30) / 24 / 64 + 1, entries);
        int data = SegmentDescriptor.dataOffset(1 << 30, 64);
        assertEquals(0, data % 4096);
        assertTrue(data >= SegmentDescriptor.INDEX_OFFSET + entries * SegmentDescriptor.INDEX_ENTRY_LENGTH);
        assertTrue(SegmentDescriptor.fileLength(1 << 30, 64) <= Integer.MAX_VALUE);
        assertEquals(4096, SegmentDescriptor.dataOffset(64 * 1024, 65536));
    }

    @Test
    void fileNamesSortAsSegmentNumbers() {
        List<String> names = new ArrayList<>(List.of(SegmentDescriptor.fileName(10), SegmentDescriptor.fileName(9),
                SegmentDescriptor.fileName(Integer.MAX_VALUE)));
        names.sort(null);
        assertEquals(List.of("00000000000000000009.seg", "00000000000000000010.seg", "00000000002147483647.seg"), names);
    }
}
