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
                        5_000_000, 1000, 20000, 410L, true).withCapacity(64 << 10),
                CaseResult.unavailable("shm-spsc", "busy-spin", 32, "no transport for scheme 'shm' <here>"),
                CaseResult.failed("fifo", "blocking", 32, "child exited with code 1:\n\tat line two", 420L, true)));
    }

    /** A report of three rounds of two transports. */
    static BenchReport rounds() {
        return new BenchReport(new MachineInfo("Test CPU", 2, "17.0.1", "6.1.0", true), List.of(
                RoundMedian.of(List.of(
                        CaseResult.measured("shm-spsc", "busy-spin", 32, new LatencySummary(300, 461, 600, 800, 5_000, 40_000),
                                19_000_000, 1000, 20000, 400L, true),
                        CaseResult.measured("shm-spsc", "busy-spin", 32, new LatencySummary(310, 552, 700, 900, 6_000, 50_000),
                                10_500_000, 1000, 20000, 420L, true),
                        CaseResult.measured("shm-spsc", "busy-spin", 32, new LatencySummary(290, 481, 650, 850, 5_500, 30_000),
                                20_700_000, 1000, 20000, 410L, true))).withCapacity(1 << 20),
                CaseResult.unavailable("unix", "busy-spin", 32, "not built")));
    }
}
