package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
    @Test
    void percentilesOutOfOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LatencySummary(10, 5, 20, 30, 40, 50));
        assertThrows(IllegalArgumentException.class, () -> new LatencySummary(-1, 5, 20, 30, 40, 50));
        assertThrows(IllegalArgumentException.class, () -> new LatencySummary(1, 5, 20, 30, 60, 50));
    }

    @Test
    void emptyHistogramIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.of(new Histogram(1000, 3)));
    }

    @Test
    void valuesAreInReportOrder() {
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, new LatencySummary(1, 2, 3, 4, 5, 6).values());
    }
}
