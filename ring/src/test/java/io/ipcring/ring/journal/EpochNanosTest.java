package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochNanosTest {
    @Test
    void theClockIsTheWallClockInNanosecondsAndNeverGoesBack() {
        long wall = System.currentTimeMillis() * 1_000_000L;
        long now = EpochNanos.now();
        assertTrue(Math.abs(now - wall) < 1_000_000_000L, "now=" + now + " wall=" + wall);
        long previous = now;
        for (int i = 0; i < 10_000; i++) {
            long next = EpochNanos.now();
            assertTrue(next >= previous);
            previous = next;
        }
    }
}
