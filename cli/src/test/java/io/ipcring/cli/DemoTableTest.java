package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.bench.BenchReport;
import io.ipcring.bench.CaseResult;
import io.ipcring.bench.LatencySummary;
import io.ipcring.bench.MachineInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTableTest {
    private static CaseResult measured(String transport, String mode, long p50, long floor) {
        return CaseResult.measured(transport, mode, 32, new LatencySummary(p50 / 2, p50, p50 + 10, p50 + 20, p50 + 30, p50 + 40),
                1.0, 20_000, 2, floor, true);
    }

    private static BenchReport report(boolean pinned, CaseResult... results) {
        return new BenchReport(new MachineInfo("cpu", 2, "17", "6.1", pinned), List.of(results));
    }

    @Test
    void rowsAreSortedByP50WithTheFloorAmongThemTimeBoxedOnesMarkedAndThoseWithoutFiguresLast() {
        String table = DemoTable.format(report(true,
                measured("pipe", "blocking", 9_800, 500),
                CaseResult.unavailable("sysv-mq", "backoff", 32, "no System V queues here\nsecond line"),
                measured("shm-spsc-blocking", "blocking", 700, 480),
                CaseResult.failed("tcp", "blocking", 32, "timed out after 20 s", 450L, true),
                CaseResult.timeBoxed("fifo", "blocking", 32, new LatencySummary(4_000, 8_000, 8_010, 8_020, 8_030, 8_040), 312,
                        450, true),
                measured("shm-spsc", "busy-spin", 600, 470),
                measured(DemoCommand.FLOOR, "busy-spin", 450, 450)));
        List<String> lines = table.lines().toList();
        assertEquals("transport          mode         p50 µs    p90 µs    p99 µs  x floor", lines.get(0));
        assertEquals("spin floor         busy-spin      0.45      0.46      0.47      1.0", lines.get(1));
        assertEquals("shm-spsc           busy-spin      0.60      0.61      0.62      1.3", lines.get(2));
        assertEquals("shm-spsc-blocking  blocking       0.70      0.71      0.72      1.5", lines.get(3));
        assertEquals("fifo               blocking       8.00      8.01      8.02     17.8  time-boxed: 312 round trips", lines.get(4));
        assertEquals("pipe               blocking       9.80      9.81      9.82     19.6", lines.get(5));
        assertEquals("sysv-mq            backoff   not available: no System V queues here ...", lines.get(6));
        assertEquals("tcp                blocking  failed: timed out after 20 s", lines.get(7));
        assertTrue(lines.get(8).startsWith("# round trips of 32-byte messages between two processes, timed after each"
                + " transport's warm-up (up to 20,000 per transport)"), lines.get(7));
        assertEquals("# the two processes were pinned to separate cores", lines.get(lines.size() - 1));
    }

    @Test
    void anUnpinnedRunSaysSo() {
        String table = DemoTable.format(report(false, measured(DemoCommand.FLOOR, "busy-spin", 450, 450)));
        assertTrue(table.endsWith("# NOT pinned: the two processes shared the cores with everything else" + System.lineSeparator()),
                table);
    }
}
