package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static String row(String table, String transport) {
        return table.lines().filter(l -> l.startsWith(transport + " ")).findFirst().orElseThrow();
    }

    @Test
    void measuredRowShowsPercentilesFloorRatioAndThroughput() {
        String table = ResultTable.format(Reports.sample());
        List<String> words = List.of(row(table, "spin-baseline").trim().split(" +"));
        assertEquals(List.of("spin-baseline", "busy-spin", "32", "-", "300", "500", "700", "900", "5000", "40000", "400",
                "1.25", "8,000,001", "256.0"), words);
    }

    @Test
    void rowsWithoutFiguresSayWhy() {
        String table = ResultTable.format(Reports.sample());
        assertTrue(row(table, "shm-spsc").contains("not available: no transport for scheme 'shm' <here>"));
        String failed = row(table, "fifo");
        assertTrue(failed.contains("failed: child exited with code 1: ..."), failed);
        assertFalse(table.contains("line two"), "only the first line of a reason is shown");
    }

    @Test
    void headingNamesTheMachineAndPinning() {
        String table = ResultTable.format(Reports.sample());
        assertTrue(table.lines().findFirst().orElseThrow().contains("Test CPU"));
        assertTrue(table.contains("pinned to separate cores"));
        BenchReport unpinned = new BenchReport(new MachineInfo("c", 1, "j", "k", false), List.of());
        assertTrue(ResultTable.format(unpinned).contains("NOT pinned"));
    }

    @Test
    void roundsShowTheMediansAndTheLowestAndHighestRound() {
        String table = ResultTable.format(Reports.rounds());
        List<String> words = List.of(row(table, "shm-spsc").trim().split(" +"));
        assertEquals(List.of("shm-spsc", "busy-spin", "32", "1m", "300", "481", "650", "850", "5500", "40000", "410",
                "1.17", "19,000,000", "608.0", "461-552", "10.5-20.7"), words);
        assertTrue(table.contains("the median over 3 rounds"), table);
        assertTrue(row(table, "unix").contains("not available: not built"));
    }

    @Test
    void capacityIsAColumnInKibOrMib() {
        String table = ResultTable.format(Reports.sample());
        assertTrue(table.lines().anyMatch(l -> l.startsWith("transport ") && l.contains(" capacity ")), table);
        assertEquals("64k", List.of(row(table, "agrona-o2o").trim().split(" +")).get(3));
        assertEquals("-", List.of(row(table, "shm-spsc").trim().split(" +")).get(3), "unavailable, no capacity");
        assertEquals("1m", ResultTable.capacity(1 << 20));
        assertEquals("256k", ResultTable.capacity(256 << 10));
        assertEquals("1536", ResultTable.capacity(1536));
    }

    @Test
    void singleRoundTablesHaveNoRoundColumns() {
        String table = ResultTable.format(Reports.sample());
        assertFalse(table.contains("range"), table);
        assertFalse(table.contains("rounds"), table);
    }
}
