package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApiMisuseFuzzTargetTest {
    @Test
    void badCallsAreRejectedAndEveryGoodMessageArrivesOnEveryKind() throws IOException {
        long frames = 0;
        long rejected = 0;
        try (ApiMisuseFuzzTarget target = new ApiMisuseFuzzTarget()) {
            for (int i = 0; i < 60; i++) {
                FuzzTarget.CaseResult r = target.run(new SplittableRandom(Fuzzer.caseSeed(5, target.name(), i)),
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
                frames += r.frames();
                rejected += r.malformed();
            }
        }
        assertTrue(frames >= 60 * 40 && rejected > 60 * 20, frames + " frames, " + rejected + " rejected");
        String prefix = "ipcring-fuzz-api-misuse-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(Paths.get("/dev/shm"))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList());
        }
    }

    @Test
    void theRunnerRunsItAmongTheTargets() {
        FuzzReport report = Fuzzer.run(20, 3, List.of("api-misuse"));
        assertTrue(report.passed(), report.toString());
        assertEquals(20, report.cases());
    }
}
