package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.bench.CaseResult;
import io.ipcring.bench.LatencySummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    @Test
    void withoutATerminalPrintsPhaseChangesAndEnds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.roundStarted(1, 2);
        p.caseStarted(2, 5, "agrona-o2o", 32);
        p.progress("ping-pong", 0, 1000);
        p.progress("ping-pong", 500, 1000);
        p.progress("ping-pong", 1000, 1000);
        p.caseFinished(CaseResult.measured("agrona-o2o", "busy-spin", 32, new LatencySummary(1, 2, 3, 4, 5, 6), 1234.0,
                1000, 10, 2L, true));
        p.caseStarted(3, 5, "shm-spsc", 32);
        p.caseFinished(CaseResult.unavailable("shm-spsc", "busy-spin", 32, "no shm\nsecond line"));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("round 1 of 2", lines.get(0));
        assertEquals("[2/5] agrona-o2o 32 B: ping-pong 0% (0/1,000)", lines.get(1));
        assertEquals("[2/5] agrona-o2o 32 B: ping-pong 100% (1,000/1,000)", lines.get(2));
        assertEquals("[2/5] agrona-o2o 32 B: p50 2 ns (floor 2 ns), 1,234 msgs/s", lines.get(3));
        assertEquals("[3/5] shm-spsc 32 B: not available: no shm", lines.get(4));
        assertEquals(5, lines.size());
    }

    @Test
    void onATerminalRewritesTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.caseStarted(1, 1, "spin-baseline", 32);
        p.progress("warm-up", 1, 2);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("\r\033[K[1/1] spin-baseline 32 B: warm-up 50%"));
    }

    @Test
    void aCapacitySweepsRingCaseNamesItsCapacity() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.caseStarted(2, 6, "shm-spsc", 32, 64 << 10);
        p.progress("ping-pong", 1000, 1000);
        p.caseStarted(3, 6, "spin-baseline", 32, null);
        p.progress("ping-pong", 1000, 1000);
        assertEquals(List.of("[2/6] shm-spsc 32 B capacity 64k: ping-pong 100% (1,000/1,000)",
                "[3/6] spin-baseline 32 B: ping-pong 100% (1,000/1,000)"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void roundTripsOnlyLeavesOutThroughput() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, true);
        p.caseStarted(1, 2, "shm-spsc", 32);
        p.progress("ping-pong", 1000, 1000);
        p.progress("throughput-warm-up", 0, 2);
        p.progress("throughput", 2, 2);
        p.caseFinished(CaseResult.measured("shm-spsc", "busy-spin", 32, new LatencySummary(1, 2, 3, 4, 5, 6), 1234.0,
                1000, 2, 2L, true));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("[1/2] shm-spsc 32 B: ping-pong 100% (1,000/1,000)", "[1/2] shm-spsc 32 B: p50 2 ns (floor 2 ns)"),
                lines);
    }
}
