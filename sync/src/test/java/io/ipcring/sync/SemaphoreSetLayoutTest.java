package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SemaphoreSetLayoutTest {
    @Test
    void theRedoLogFollowsTheValuesOnAnEightByteBoundary() {
        assertEquals(40, SemaphoreSetLayout.logOffset(1));
        assertEquals(40, SemaphoreSetLayout.logOffset(2));
        assertEquals(48, SemaphoreSetLayout.logOffset(3));
        assertEquals(48 + 3 * 8, SemaphoreSetLayout.length(3));
        for (int count = 1; count < 50; count++) {
            assertEquals(0, SemaphoreSetLayout.logOffset(count) % 8);
            assertTrue(SemaphoreSetLayout.logOffset(count) >= SemaphoreSetLayout.VALUES_OFFSET + 4 * count);
        }
    }

    @Test
    void theHeaderWordsFollowTheInternalLock() {
        assertEquals(RobustMutex.LENGTH, SemaphoreSetLayout.COUNT_OFFSET - SemaphoreSetLayout.LOCK_OFFSET);
        assertEquals(SemaphoreSetLayout.ARMED_OFFSET, SemaphoreSetLayout.SIGNAL_OFFSET + Integer.BYTES);
        assertEquals(SemaphoreSetLayout.VALUES_OFFSET, SemaphoreSetLayout.ARMED_OFFSET + Integer.BYTES);
    }

    @Test
    void sizesOutsideTheLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SemaphoreSetLayout.length(0));
        assertThrows(IllegalArgumentException.class, () -> SemaphoreSetLayout.length(SemaphoreSetLayout.MAX_SEMAPHORES + 1));
        assertEquals(SemaphoreSetLayout.logOffset(SemaphoreSetLayout.MAX_SEMAPHORES) + 8 * SemaphoreSetLayout.MAX_SEMAPHORES,
                SemaphoreSetLayout.length(SemaphoreSetLayout.MAX_SEMAPHORES));
    }
}
