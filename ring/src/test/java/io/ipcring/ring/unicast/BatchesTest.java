package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void maxCountIsAQuarterOfTheRingInRecords() {
        assertEquals(8, Batches.maxCount(24, 64, 256));
        assertEquals(32, Batches.maxCount(0, 64, 256));
        assertEquals(3, Batches.maxCount(64, 64, 256), "72-byte records");
        assertThrows(IllegalArgumentException.class, () -> Batches.maxCount(65, 64, 256));
    }

    @Test
    void equalRecordsExtentAndItsChecks() {
        assertEquals(256, Batches.extent(8, 24, 1, 64, 256));
        assertEquals(8, Batches.extent(1, 0, 1, 64, 256));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batches.extent(9, 24, 1, 64, 256));
        assertTrue(e.getMessage().contains("count=9 must be in [1, 8] for length=24"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batches.extent(0, 24, 1, 64, 256));
        assertThrows(IllegalArgumentException.class, () -> Batches.extent(1, 24, 0, 64, 256));
    }

    @Test
    void differingLengthsExtentAndItsChecks() {
        assertEquals(16 + 72 + 8, Batches.extent(0, new int[]{1, 64, 0, 99}, 3, 1, 65, 64, 256));
        assertThrows(IndexOutOfBoundsException.class, () -> Batches.extent(1, new int[]{1, 64}, 2, 1, 65, 64, 256),
                "one byte past the source");
        assertThrows(IndexOutOfBoundsException.class, () -> Batches.extent(0, new int[]{1}, 2, 1, 65, 64, 256));
        assertThrows(NullPointerException.class, () -> Batches.extent(0, null, 1, 1, 65, 64, 256));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Batches.extent(0, new int[]{8, 65}, 2, 1, 100, 64, 256));
        assertTrue(tooLong.getMessage().contains("lengths[1]=65 outside [0, 64]"), tooLong.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> Batches.extent(0, new int[]{64, 64, 64, 64}, 4, 1, 256, 64, 256));
        assertTrue(tooBig.getMessage().contains("from lengths[3] on"), tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batches.extent(0, new int[]{1}, 0, 1, 65, 64, 256));
    }

    @Test
    void sourceRangeOfEqualPayloads() {
        Batches.checkSource(0, 4, 10, 40);
        assertThrows(IndexOutOfBoundsException.class, () -> Batches.checkSource(1, 4, 10, 40));
        assertThrows(IndexOutOfBoundsException.class, () -> Batches.checkSource(-1, 1, 1, 40));
        assertThrows(IndexOutOfBoundsException.class, () -> Batches.checkSource(0, 1 << 20, 1 << 12, 40), "no overflow");
    }

    @Test
    void copyWritesPayloadsAndTheHeadersAfterTheFirstAndRefusesChangedLengths() {
        try (SharedRegion region = SharedRegion.create(paths.next("copy"), new RegionFormat(0x7E5E, 1, "batches-test"), 4096,
                RegionAccess.OWNER, m -> { })) {
            MappedMemory memory = region.memory();
            ByteBuffer src = ByteBuffer.wrap(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
            int[] lengths = {1, 8};
            long first = Batches.copy(memory, 1024, 32, src, 0, 9, lengths, 2, 7, 64);
            assertEquals(Records.header(1, 7), first);
            assertEquals(0, memory.getLong(1024), "the first header is the caller's to publish");
            byte[] payload = new byte[1];
            memory.getBytes(1032, payload, 0, 1);
            assertEquals(1, payload[0]);
            assertEquals(Records.header(8, 7), memory.getLong(1040));
            assertEquals(0x0908070605040302L, memory.getLong(1048));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Batches.copy(memory, 2048, 32, src, 0, 9, new int[]{1, 9}, 2, 7, 64), "the source ends");
            assertTrue(e.getMessage().contains("lengths[1]=9 changed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> Batches.copy(memory, 2048, 32, src, 0, 9, new int[]{1, 0}, 2, 7, 64),
                    "shorter: the records no longer tile the reservation");
        }
    }
}
