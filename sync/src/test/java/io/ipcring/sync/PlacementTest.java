package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();

    @AfterEach
    void close() {
        region.close();
    }

    @Test
    void acceptsAnAlignedRangeInsideTheMapping() {
        assertSame(memory, Placement.check(memory, 0, 4096, 8, "x"));
        assertSame(memory, Placement.check(memory, 4088, 8, 8, "x"));
        assertSame(memory, Placement.check(memory, 4096, 0, 8, "x"));
    }

    @Test
    void rejectsMisalignedOffsetsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Placement.check(memory, 12, 8, 8, "Thing"));
        assertTrue(e.getMessage().contains("Thing") && e.getMessage().contains("offset=12"), e.getMessage());
    }

    @Test
    void rejectsRangesOutsideTheMapping() {
        assertThrows(IndexOutOfBoundsException.class, () -> Placement.check(memory, 4092, 8, 4, "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> Placement.check(memory, -8, 8, 8, "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> Placement.check(memory, Integer.MAX_VALUE - 7, 16, 8, "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> Placement.check(memory, 0, -8, 8, "x"));
        assertThrows(NullPointerException.class, () -> Placement.check(null, 0, 8, 8, "x"));
    }
}
