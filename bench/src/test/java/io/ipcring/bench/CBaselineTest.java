package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CBaselineTest {
    /** Rows as the C tool prints them (two runs of pipe, one of the rest). */
    private static final List<String> OUTPUT = List.of(
            "# ipcbase  date: 2026-11-24 19:50:00 UTC  kernel: 6.1  nproc: 2  cpu: AMD EPYC",
            "mechanism          size       n     min     p50     p90      p99    p99.9       max  tput(msg/s)     tput_n  xcore  bg%",
            "pipe                 32   20032   15479   92585  223824  2607335  4796578  22428509       364862      36864    511   52  # kept",
            "pipe                 32   20032   15479   12000  223824  2607335  4796578  22428509       400000      36864    511   52",
            "pipe               1024   20032   17784  106702  219265  2639866  4916986  28994526            -          -    511   52",
            "shm-spin             32   30976     341     541     591      701    37020  20004105      3720405     380928    391   64  # x",
            "shm-ring-batch64     32       -       -       -       -        -        -         -     42249696    4235264    391   53",
            "futex-hybrid         32  132608     240     531     591      711   135577   7839457      2698232     274432    391   64",
            "unix-stream          32   20032   13756   93206  218534  2809157  4816316  20407744       239431      24576    541   47");

    @Test
    void figuresMapToOurTransportNames() {
        CBaseline c = CBaseline.parse(OUTPUT);
        assertEquals(541.0, c.forTransport("spin-baseline", 32).orElseThrow().p50Ns());
        assertEquals(3720405.0, c.forTransport("spin-baseline", 32).orElseThrow().throughputMsgs());
        assertEquals(531.0, c.forTransport("shm-spsc-blocking", 32).orElseThrow().p50Ns());
        assertEquals(93206.0, c.forTransport("unix", 32).orElseThrow().p50Ns());
        assertNull(c.forTransport("pipe", 1024).orElseThrow().throughputMsgs());
        assertTrue(c.forTransport("agrona-o2o", 32).isEmpty());
        assertTrue(c.forTransport("tcp", 32).isEmpty());
    }

    @Test
    void severalRunsGiveTheMedian() {
        CBaseline.Figures pipe = CBaseline.parse(OUTPUT).forTransport("pipe", 32).orElseThrow();
        assertEquals((92585.0 + 12000.0) / 2, pipe.p50Ns());
        assertEquals((364862.0 + 400000.0) / 2, pipe.throughputMsgs());
    }

    @Test
    void aFileWithoutRowsIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.md"), "# nothing here\n");
        assertThrows(IllegalArgumentException.class, () -> CBaseline.read(file));
        Path real = Files.write(dir.resolve("c.txt"), OUTPUT);
        assertTrue(CBaseline.read(real).forTransport("pipe", 32).isPresent());
    }

    @Test
    void theTableShowsTheCColumns() {
        BenchReport report = new BenchReport(new MachineInfo("c", 2, "j", "k", true), List.of(
                CaseResult.measured("spin-baseline", "busy-spin", 32, Reports.RTT, 1e6, 10, 10, 400L, true),
                CaseResult.measured("agrona-o2o", "busy-spin", 32, Reports.RTT, 1e6, 10, 10, 400L, true)));
        String table = ResultTable.format(report, CBaseline.parse(OUTPUT));
        String spin = table.lines().filter(l -> l.startsWith("spin-baseline")).findFirst().orElseThrow();
        assertTrue(spin.endsWith("541   0.92    3,720,405"), spin);
        String agrona = table.lines().filter(l -> l.startsWith("agrona-o2o")).findFirst().orElseThrow();
        assertTrue(agrona.endsWith("-      -            -"), agrona);
        assertTrue(table.contains("C p50"));
    }
}
