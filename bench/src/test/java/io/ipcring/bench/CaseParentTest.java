package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A case process started directly (without the runner's availability check) for transports that
 * can only fail to open: the parent and the child both give up, and the result says "not
 * available" with the transport's reason, whichever side notices first. A case whose runner is
 * killed ends its processes and removes its files by itself.
 */
class CaseParentTest {
    private static CaseResult runCase(String transport) throws Exception {
        TestPaths paths = new TestPaths();
        Path dir = paths.next("caseparent");
        CaseSpec spec = new CaseSpec(transport, 32, 0, 1, 2, 10, dir, "t", -1);
        Process p = new ProcessBuilder(JvmCommand.of(List.of(), List.of(), CaseParent.class, spec.toArgs()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String line = out.lines().filter(l -> l.startsWith(ResultLine.PREFIX)).findFirst()
                    .orElseThrow(() -> new AssertionError("no result line in: " + out));
            return ResultLine.decode(line);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            paths.close();
            assertFalse(Files.exists(dir));
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parentFirstTransportThatCannotOpenIsNotAvailable() throws Exception {
        CaseResult r = runCase(Transports.CLASS_PREFIX + NeverOpensTransport.ParentFirst.class.getName());
        assertFalse(r.available(), r.reason());
        assertEquals(NeverOpensTransport.REASON, r.reason());
        assertTrue(r.floorP50Ns() == null, "an unavailable result carries no figures");
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void concurrentOpenTransportThatCannotOpenIsNotAvailable() throws Exception {
        CaseResult r = runCase(Transports.CLASS_PREFIX + NeverOpensTransport.class.getName());
        assertFalse(r.available(), r.reason());
        assertEquals(NeverOpensTransport.REASON, r.reason());
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCaseWhoseRunnerIsKilledEndsItsProcessesAndRemovesItsFiles() throws Exception {
        List<ProcessHandle> caseProcesses = new ArrayList<>();
        try (TestPaths paths = new TestPaths()) {
            Path root = paths.directory("runner-killed");
            try (ChildJvm runner = ChildJvm.start(ChildJvmFlags.forIpcring(), RunnerMain.class, root.toString())) {
                awaitPingPong(runner);
                runner.process().descendants().forEach(caseProcesses::add);
                assertEquals(2, caseProcesses.size(), "the case's parent and child: " + caseProcesses);
                assertEquals(2, entries(root).size(), "the case's directory and the leftover beside it: " + entries(root));
                runner.kill();
                for (ProcessHandle p : caseProcesses) {
                    try {
                        p.onExit().get(10, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        throw new AssertionError("case process pid=" + p.pid() + " (" + role(p)
                                + ") still runs 10 s after its runner was killed", e);
                    }
                }
                assertEquals(List.of(), entries(root), "the case left files in " + root);
            }
        } finally {
            // only if the case did not end itself: the processes this test's runner started
            caseProcesses.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits for the case to be in its ping-pong, with its files made and its child running. */
    private static void awaitPingPong(ChildJvm runner) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!runner.output().contains("PROGRESS ping-pong ")) {
            if (!runner.process().isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("the runner did not reach the ping-pong: " + runner.output());
            }
            Thread.sleep(50);
        }
    }

    private static String role(ProcessHandle p) {
        String command = p.info().commandLine().orElse("");
        return command.contains(CaseParent.class.getName()) ? "CaseParent" : command.contains(CaseChild.class.getName()) ? "CaseChild" : "?";
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
