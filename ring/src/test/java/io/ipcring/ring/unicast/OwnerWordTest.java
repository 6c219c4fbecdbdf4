package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.ProcessIdentity;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OwnerWordTest {
    @Test
    void currentProcessIsAliveAndItsPidReadsBack() {
        long word = OwnerWord.of(ProcessIdentity.current());
        assertEquals(ProcessHandle.current().pid(), OwnerWord.pid(word));
        assertTrue(OwnerWord.isAlive(word));
    }

    @Test
    void anotherStartTimeOrADeadProcessOrGarbageIsNotAlive() throws Exception {
        ProcessIdentity me = ProcessIdentity.current();
        assertFalse(OwnerWord.isAlive(OwnerWord.of(new ProcessIdentity(me.pid(), me.startTicks() + 1))));
        Process child = new ProcessBuilder("sleep", "60").start();
        long word = OwnerWord.of(ProcessIdentity.of(child.pid()));
        assertTrue(OwnerWord.isAlive(word));
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertFalse(OwnerWord.isAlive(word));
        assertFalse(OwnerWord.isAlive(0));
        assertFalse(OwnerWord.isAlive(-1));
        assertFalse(OwnerWord.isAlive(0xFFFF_FFFF_0000_0000L));
    }
}
