package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RobustMutexLayoutTest {
    @Test
    void anOwnerWordHoldsThePidAndTheLow40BitsOfTheStartTicks() {
        long ticks = 0xAB_CDEF_0123_4567L;
        long word = RobustMutexLayout.ownerWord(4_194_303, ticks);
        assertEquals(4_194_303, RobustMutexLayout.pid(word));
        assertEquals(ticks & ((1L << 40) - 1), RobustMutexLayout.startTicks(word));
        assertEquals(0, word & (RobustMutexLayout.CONTENDED | RobustMutexLayout.RECOVERING), "flags clear");
        assertEquals(7, RobustMutexLayout.pid(RobustMutexLayout.ownerWord(7, 0) | RobustMutexLayout.CONTENDED
                | RobustMutexLayout.RECOVERING), "flags do not leak into the pid");
    }

    @Test
    void theFieldsFillTheWordWithoutOverlap() {
        assertEquals(64, RobustMutexLayout.START_TICKS_SHIFT + RobustMutexLayout.START_TICKS_BITS);
        assertEquals(40, RobustMutexLayout.START_TICKS_BITS);
        assertEquals(RobustMutexLayout.LENGTH, RobustMutexLayout.OWNER_THREAD_OFFSET + Long.BYTES);
        assertEquals(0, RobustMutexLayout.LOCK_WORD_OFFSET % RobustMutexLayout.ALIGNMENT);
    }

    @Test
    void pidsThatDoNotFitAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RobustMutexLayout.ownerWord(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RobustMutexLayout.ownerWord(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> RobustMutexLayout.ownerWord(1L << 22, 1));
    }
}
