package io.ipcring.stress.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosHarnessTest {
    @TempDir
    Path dir;

    @Test
    void killsRestartsWithNextIncarnationAndWaitsForEveryWorker() throws Exception {
        ChaosReport report = ChaosHarness.builder()
                .seed(7)
                .workDir(dir)
                .worker(WorkerSpec.killable("counter", 2, CountingWorker.class, "1500", "0"))
                .worker(WorkerSpec.protectedRole("bystander", 1, CountingWorker.class, "300", "0"))
                .kills(4)
                .meanKillInterval(400)
                .maxRestartDelay(50)
                .timeout(Duration.ofMinutes(2))
                .build()
                .run();
        assertEquals(4, report.kills(), report.toString());
        assertEquals(4, report.restarts());
        assertEquals(3, report.finished(), "each worker finishes once, after its last restart");
        assertEquals(4, report.killsByRole().get("counter"), "only killable roles are killed");
        assertEquals(List.of("0"), Files.readAllLines(dir.resolve("starts-bystander-0")));
        try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
            assertEquals(2 + 4, logs.filter(p -> p.getFileName().toString().startsWith("counter-")).count(),
                    "one JVM per start and restart, each with its own log");
        }
        for (String id : List.of("counter-0", "counter-1")) {
            // a kill may land before a JVM reaches main, so an incarnation can be missing, never repeated
            int previous = -1;
            for (String incarnation : Files.readAllLines(dir.resolve("starts-" + id))) {
                assertTrue(Integer.parseInt(incarnation) > previous, "incarnations count up for " + id);
                previous = Integer.parseInt(incarnation);
            }
            assertTrue(Files.readAllLines(dir.resolve("steps-" + id)).size() >= 1500);
        }
    }

    @Test
    void aWorkerThatFailsFailsTheRunWithItsOutput() {
        ChaosFailure failure = assertThrows(ChaosFailure.class, () -> ChaosHarness.builder()
                .workDir(dir)
                .worker(WorkerSpec.protectedRole("failing", 1, CountingWorker.class, "1", "3"))
                .build()
                .run());
        assertTrue(failure.getMessage().contains("exited with status 3"), failure.getMessage());
    }

    @Test
    void aRunThatOutlivesItsTimeoutFailsAndLeavesNoWorkerRunning() {
        ChaosFailure failure = assertThrows(ChaosFailure.class, () -> ChaosHarness.builder()
                .workDir(dir)
                .worker(WorkerSpec.protectedRole("slow", 1, CountingWorker.class, "1000000", "0"))
                .timeout(Duration.ofSeconds(3))
                .build()
                .run());
        assertTrue(failure.getMessage().contains("did not finish"), failure.getMessage());
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no child left running");
    }

    @Test
    void rejectsKillsWithoutKillableRole() {
        assertThrows(IllegalArgumentException.class, () -> ChaosHarness.builder()
                .workDir(dir)
                .worker(WorkerSpec.protectedRole("p", 1, CountingWorker.class))
                .kills(1)
                .build());
    }
}
