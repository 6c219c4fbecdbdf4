package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import io.ipcring.sync.ProcessIdentity;
import org.junit.jupiter.api.Test;

class PackedIdentityTest {
    @Test
    void packsPidAndStartTicksIntoOnePositiveWord() {
        long packed = PackedIdentity.pack(new ProcessIdentity(4_194_303, (1L << 41) - 1));
        assertTrue(packed > 0);
        assertEquals(4_194_303, PackedIdentity.pid(packed));
        assertEquals(ProcessHandle.current().pid(), PackedIdentity.pid(PackedIdentity.current()));
    }

    @Test
    void tellsThisProcessFromADeadOneAndIgnoresTheFlagBit() {
        assertTrue(PackedIdentity.isAlive(PackedIdentity.current()));
        assertTrue(PackedIdentity.isAlive(PackedIdentity.current() | Long.MIN_VALUE));
        assertFalse(PackedIdentity.isAlive(DeadIdentities.deadIdentity()), "same pid, another start time");
        assertFalse(PackedIdentity.isAlive(PackedIdentity.NONE));
        assertFalse(PackedIdentity.isAlive(-1));
    }

    @Test
    void rejectsWhatDoesNotFit() {
        assertThrows(IllegalStateException.class, () -> PackedIdentity.pack(new ProcessIdentity(1L << 22, 1)));
        assertThrows(IllegalStateException.class, () -> PackedIdentity.pack(new ProcessIdentity(0, 1)));
        assertThrows(IllegalStateException.class, () -> PackedIdentity.pack(new ProcessIdentity(5, 1L << 41)));
        assertThrows(IllegalStateException.class, () -> PackedIdentity.pack(new ProcessIdentity(5, -1)));
    }
}
