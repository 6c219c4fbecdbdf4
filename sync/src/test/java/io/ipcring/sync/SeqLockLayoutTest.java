package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqLockLayoutTest {
    @Test
    void lengthIsTheHeaderPlusEightBytesPerWord() {
        assertEquals(24, SeqLockLayout.length(1));
        assertEquals(16 + 8 * 100, SeqLockLayout.length(100));
        assertTrue(SeqLockLayout.length(SeqLockLayout.MAX_WORDS) > 0, "the largest size does not overflow");
    }

    @Test
    void wordCountsOutsideTheLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SeqLockLayout.length(0));
        assertThrows(IllegalArgumentException.class, () -> SeqLockLayout.length(-1));
        assertThrows(IllegalArgumentException.class, () -> SeqLockLayout.length(SeqLockLayout.MAX_WORDS + 1));
    }
}
