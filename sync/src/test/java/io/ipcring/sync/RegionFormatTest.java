package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegionFormatTest {
    @Test
    void keepsItsFields() {
        RegionFormat format = new RegionFormat(7, 2, "ring");
        assertEquals(7, format.kind());
        assertEquals(2, format.version());
        assertEquals("ring", format.name());
    }

    @Test
    void rejectsTheValuesOfAnUninitialisedFile() {
        assertThrows(IllegalArgumentException.class, () -> new RegionFormat(0, 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new RegionFormat(1, 0, "x"));
        assertThrows(NullPointerException.class, () -> new RegionFormat(1, 1, null));
    }
}
