package io.ipcring.bench;

import java.util.List;

/** Sample reports for the output tests. */
final class Reports {
    private Reports() {
    }

    static final LatencySummary RTT = new LatencySummary(300, 500, 700, 900, 5_000, 40_000);

    static BenchReport sample() {
        return new BenchReport(new MachineInfo("Test CPU \"quoted\"", 2, "17.0.1", "6.1.0", true), List.of(
                CaseResult.measured("spin-baseline", "busy-spin", 32, RTT, 8_000_000.5, 1000, 20000, 400L, true),
                CaseResult.measured("agrona-o2o", "busy-spin", 32, new LatencySummary(350, 600, 800, 1_000, 9_000, 80_000),
                        5_000_000, 1000, 20000, 410L, true),
                CaseResult.unavailable("shm-spsc", "busy-spin", 32, "no transport for scheme 'shm' <here>"),
                CaseResult.failed("fifo", "blocking", 32, "child exited with code 1:\n\tat line two", 420L, true)));
    }
}
