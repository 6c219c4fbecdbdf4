package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
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
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessIdentity identity = ProcessIdentity.of(child.pid());
            assertTrue(identity.isAlive());
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertFalse(identity.isAlive());
        } finally {
            child.destroyForcibly();
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
    void packingKeepsThePidWholeAndTheLow40BitsOfTheStartTicksAndLeavesTheFlagBitsClear() {
        long ticks = 0xAB_CDEF_0123_4567L;
        long packed = new ProcessIdentity(4_194_303, ticks).pack();
        assertEquals((4_194_303L << 2) | ((ticks & ((1L << 40) - 1)) << 24), packed, "the documented layout");
        assertEquals(0, packed & ProcessIdentity.OWNER_FLAGS);
        assertEquals(new ProcessIdentity(4_194_303, ticks & ((1L << 40) - 1)), ProcessIdentity.unpack(packed));
        assertEquals(new ProcessIdentity(4_194_303, ticks & ((1L << 40) - 1)),
                ProcessIdentity.unpack(packed | ProcessIdentity.OWNER_FLAGS), "flags ignored");
        assertEquals(64, 2 + ProcessIdentity.PID_BITS + ProcessIdentity.START_TICKS_BITS);
        assertEquals(new ProcessIdentity(0, 0), ProcessIdentity.unpack(ProcessIdentity.NONE));
    }

    @Test
    void anIdentityThatCannotBePackedIsRefused() {
        for (long pid : new long[] {0, -1, 1L << 22}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ProcessIdentity(pid, 5).pack());
            assertTrue(e.getMessage().contains("pid=" + pid), e.getMessage());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ProcessIdentity(5, 0).pack());
        assertTrue(e.getMessage().contains("startTicks=0"), e.getMessage());
    }

    @Test
    void aPackedIdentityIsAliveWhileItsProcessRunsWithThatStartTime() {
        ProcessIdentity me = ProcessIdentity.current();
        assertTrue(ProcessIdentity.isAlive(me.pack()));
        assertTrue(ProcessIdentity.isAlive(me.pack() | ProcessIdentity.OWNER_FLAGS), "owner flags ignored");
        assertTrue(ProcessIdentity.isAlive(new ProcessIdentity(me.pid(), me.startTicks() | 1L << 45).pack()),
                "start-time bits above the 40 kept are not compared");
        assertFalse(ProcessIdentity.isAlive(new ProcessIdentity(me.pid(), me.startTicks() + 1).pack()), "a recycled pid");
        assertFalse(ProcessIdentity.isAlive(DeadProcess.packed()));
        assertFalse(ProcessIdentity.isAlive(ProcessIdentity.NONE));
        assertFalse(ProcessIdentity.isAlive(me.pack() & ~(((1L << 40) - 1) << 24)), "this pid with start ticks 0");
        assertFalse(ProcessIdentity.isAlive(-1L));
        assertFalse(ProcessIdentity.isAlive(Long.MIN_VALUE));
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
