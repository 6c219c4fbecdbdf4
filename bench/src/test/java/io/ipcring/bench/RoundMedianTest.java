package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundMedianTest {
    private static CaseResult round(long p50, long max, double throughput, long floor) {
        return CaseResult.measured("shm-spsc", "busy-spin", 32, new LatencySummary(100, p50, p50 + 10, p50 + 20,
                p50 + 30, max), throughput, 1000, 20000, floor, true);
    }

    @Test
    void oneRoundIsReportedAsItIs() {
        CaseResult only = round(500, 9_000, 1e6, 400);
        assertSame(only, RoundMedian.of(List.of(only)));
        assertEquals(List.of(), only.rounds());
    }

    @Test
    void eachFigureIsTheMedianOfItsOwnValues() {
        List<CaseResult> rounds = List.of(round(700, 5_000, 3e6, 420), round(500, 90_000, 1e6, 400),
                round(600, 7_000, 2e6, 410));
        CaseResult median = RoundMedian.of(rounds);
        assertEquals(600, median.rtt().p50());
        assertEquals(610, median.rtt().p90());
        assertEquals(7_000, median.rtt().max(), "the max is the median of the rounds' maxima, not the largest");
        assertEquals(2e6, median.throughputMsgsPerS());
        assertEquals(410L, median.floorP50Ns());
        assertEquals(rounds, median.rounds());
        assertNull(median.reason());
        assertTrue(median.pinned());
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        CaseResult median = RoundMedian.of(List.of(round(500, 9_000, 1e6, 400), round(601, 9_000, 2e6, 401),
                round(800, 9_000, 4e6, 500), round(900, 9_000, 8e6, 600)));
        assertEquals(701, median.rtt().p50());
        assertEquals(3e6, median.throughputMsgsPerS());
        assertEquals(451L, median.floorP50Ns());
    }

    @Test
    void unpinnedInAnyRoundIsUnpinned() {
        CaseResult unpinned = CaseResult.measured("shm-spsc", "busy-spin", 32, new LatencySummary(1, 2, 3, 4, 5, 6), 1e6,
                1000, 20000, 400L, false);
        assertFalse(RoundMedian.of(List.of(round(500, 9_000, 1e6, 400), unpinned)).pinned());
    }

    @Test
    void aFailedRoundFailsTheCaseAndIsNamed() {
        CaseResult failed = CaseResult.failed("shm-spsc", "busy-spin", 32, "child exited with code 1", 400L, true);
        CaseResult median = RoundMedian.of(List.of(round(500, 9_000, 1e6, 400), failed, round(600, 9_000, 1e6, 400)));
        assertFalse(median.hasFigures());
        assertTrue(median.available());
        assertEquals("round 2 of 3: failed: child exited with code 1", median.reason());
        assertNull(median.rtt());
        assertEquals(3, median.rounds().size());
    }

    @Test
    void roundsOfDifferentCasesOrNoneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RoundMedian.of(List.of()));
        CaseResult other = CaseResult.measured("agrona-o2o", "busy-spin", 32, new LatencySummary(1, 2, 3, 4, 5, 6), 1e6,
                1000, 20000, 400L, true);
        assertThrows(IllegalArgumentException.class, () -> RoundMedian.of(List.of(round(500, 9_000, 1e6, 400), other)));
    }
}
