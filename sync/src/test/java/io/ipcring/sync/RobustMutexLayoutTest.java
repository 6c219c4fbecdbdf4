package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RobustMutexLayoutTest {
    @Test
    void theFlagsSitInTheBitsAPackedIdentityLeavesClear() {
        assertEquals(ProcessIdentity.OWNER_FLAGS, RobustMutexLayout.CONTENDED | RobustMutexLayout.RECOVERING);
        long word = new ProcessIdentity(7, 99).pack() | RobustMutexLayout.CONTENDED | RobustMutexLayout.RECOVERING;
        assertEquals(new ProcessIdentity(7, 99), ProcessIdentity.unpack(word), "flags do not leak into the owner");
    }

    @Test
    void theFieldsFillTheMutexWithoutOverlap() {
        assertEquals(RobustMutexLayout.LENGTH, RobustMutexLayout.OWNER_THREAD_OFFSET + Long.BYTES);
        assertEquals(Long.BYTES, RobustMutexLayout.OWNER_THREAD_OFFSET - RobustMutexLayout.LOCK_WORD_OFFSET);
        assertEquals(0, RobustMutexLayout.LOCK_WORD_OFFSET % RobustMutexLayout.ALIGNMENT);
    }
}
