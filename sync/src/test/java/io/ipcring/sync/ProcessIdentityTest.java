package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.testsupport.ReapedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {
    @Test
    void currentProcessIsAliveWithItsStartTime() {
        ProcessIdentity me = ProcessIdentity.current();
        assertEquals(ProcessHandle.current().pid(), me.pid());
        assertTrue(me.startTicks() > 0, "start time read from /proc");
        assertTrue(me.isAlive());
    }

    @Test
    void recycledPidWithAnotherStartTimeIsNotTheSameProcess() {
        ProcessIdentity me = ProcessIdentity.current();
        assertFalse(ProcessIdentity.isAlive(me.pid(), me.startTicks() + 1));
        assertTrue(ProcessIdentity.isAlive(me.pid(), 0), "start time 0 checks the pid only");
    }

    @Test
    void killedChildIsDead() throws Exception {
        try (ReapedProcess child = ReapedProcess.start()) {
            ProcessIdentity identity = ProcessIdentity.of(child.pid());
            assertTrue(identity.isAlive());
            child.reap();
            assertFalse(identity.isAlive());
        }
    }

    @Test
    void garbageFromSharedMemoryIsNeverAlive() {
        assertFalse(ProcessIdentity.isAlive(0, 0));
        assertFalse(ProcessIdentity.isAlive(-5, 0));
        assertFalse(ProcessIdentity.isAlive(Long.MAX_VALUE, 7));
        assertFalse(ProcessIdentity.isAlive(Integer.MAX_VALUE, 0));
    }

    @Test
    void aPartialStartTimeMatchesOnlyInItsBits() {
        ProcessIdentity me = ProcessIdentity.current();
        long mask = (1L << 40) - 1;
        assertTrue(ProcessIdentity.isAlive(me.pid(), me.startTicks() & mask, mask));
        assertTrue(ProcessIdentity.isAlive(me.pid(), me.startTicks() | ~mask, mask), "bits outside the mask ignored");
        assertFalse(ProcessIdentity.isAlive(me.pid(), (me.startTicks() + 1) & mask, mask));
        assertFalse(ProcessIdentity.isAlive(0, 0, mask));
    }

    @Test
    void aThreadIdIsNotAProcessEvenWithTheRightStartTime() throws Exception {
        long pid = ProcessHandle.current().pid();
        long threadId;
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
            threadId = tasks.map(p -> Long.parseLong(p.getFileName().toString())).filter(t -> t != pid)
                    .findFirst().orElseThrow();
        }
        long threadStartTicks = ProcessIdentity.of(threadId).startTicks();
        assertTrue(threadStartTicks > 0, "/proc answers for thread " + threadId + " too");
        assertFalse(ProcessIdentity.isAlive(threadId, threadStartTicks), "thread " + threadId + " of process " + pid);
        assertFalse(ProcessIdentity.isAlive(threadId, 0));
        assertFalse(ProcessIdentity.of(threadId).isAlive());
    }
}
