package io.ipcring.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReapedProcessTest {
    @Test
    void aStartedProcessRunsUntilReapedAndIsGoneAfter() throws Exception {
        try (ReapedProcess process = ReapedProcess.start()) {
            assertTrue(alive(process.pid()), "running");
            process.reap();
            assertFalse(alive(process.pid()), "gone");
        }
    }

    @Test
    void closeReapsAProcessTheTestLeftRunning() throws Exception {
        ReapedProcess process = ReapedProcess.start();
        process.close();
        assertFalse(alive(process.pid()));
    }

    @Test
    void whatWasObservedWhileRunningIsAboutAProcessNowGone() throws Exception {
        boolean[] aliveThen = new boolean[1];
        long pid = ReapedProcess.observed(p -> {
            aliveThen[0] = alive(p);
            return p;
        });
        assertTrue(aliveThen[0], "alive while observed");
        assertFalse(alive(pid), "gone after");
        assertFalse(alive(ReapedProcess.deadPid()));
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }
}
