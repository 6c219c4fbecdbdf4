package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JVM told to exit (SIGTERM, as on Ctrl-C) ends the processes it started through
 * {@link ExitCleanup} and then removes its files; one that closed its cleanup leaves the file.
 */
class ExitCleanupTest {
    @Test
    @Timeout(60)
    void sigtermEndsTheStartedProcessesAndRemovesTheFiles() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path file = paths.next("exit-cleanup");
            ProcessHandle sleep = null;
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), ExitCleanupMain.class, file.toString(), "wait")) {
                long sleepPid = awaitSleepPid(child);
                sleep = ProcessHandle.of(sleepPid).orElseThrow(() -> new AssertionError("sleep pid=" + sleepPid + " is gone early"));
                assertTrue(Files.exists(file), child.output());
                child.process().destroy();
                child.waitFor(30, TimeUnit.SECONDS);
                sleep.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(sleep.isAlive(), "sleep pid=" + sleepPid + " outlived the JVM that started it");
                assertFalse(Files.exists(file), "path=" + file + " is left; output: " + child.output());
            } finally {
                if (sleep != null && sleep.isAlive()) {
                    sleep.destroyForcibly();
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void aClosedCleanupDoesNothingAtExit() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path file = paths.next("exit-cleanup");
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), ExitCleanupMain.class, file.toString(), "close")) {
                assertEquals(0, child.waitFor(30, TimeUnit.SECONDS), child.output());
                assertTrue(Files.exists(file), "path=" + file + " was removed by a closed cleanup; output: " + child.output());
            }
        }
    }

    private static long awaitSleepPid(ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0) {
            Optional<String> line = child.output().lines().filter(l -> l.startsWith("SLEEP ")).findFirst();
            if (line.isPresent()) {
                return Long.parseLong(line.get().substring("SLEEP ".length()).trim());
            }
            if (!child.process().isAlive()) {
                throw new AssertionError("child exited early: " + child.output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no SLEEP line in 30 s: " + child.output());
    }
}
