package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.bench.BenchRegions;
import io.ipcring.bench.SpinBaselineLayout;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRegionInspectorTest {
    private static final int LENGTH = 1 << 16;

    @Test
    void spinBaselineCountersAreFoundThroughThePayloadSize(@TempDir Path dir) {
        try (SharedRegion region = SharedRegion.create(dir.resolve("spin"), BenchRegions.SPIN_BASELINE, LENGTH,
                RegionAccess.OWNER, m -> m.putInt(SpinBaselineLayout.SIZE_OFFSET, 32))) {
            region.memory().putLongVolatile(SpinBaselineLayout.pingCounterOffset(32), 7);
            region.memory().putLongVolatile(SpinBaselineLayout.pongCounterOffset(32), 6);
            List<String[]> rows = new BenchRegionInspector().details(region);
            assertArrayEquals(new String[] {"payload size", "32"}, rows.get(0));
            assertArrayEquals(new String[] {"ping", "7"}, rows.get(1));
            assertArrayEquals(new String[] {"pong", "6"}, rows.get(2));
            assertEquals(5, rows.size());
        }
    }

    @Test
    void aPayloadSizeThatPutsTheCountersOutsideTheRegionIsReportedNotRead(@TempDir Path dir) {
        for (int size : new int[] {LENGTH / 2 - 200, -1, Integer.MAX_VALUE}) {
            try (SharedRegion region = SharedRegion.create(dir.resolve("spin" + size), BenchRegions.SPIN_BASELINE, LENGTH,
                    RegionAccess.OWNER, m -> m.putInt(SpinBaselineLayout.SIZE_OFFSET, size))) {
                List<String[]> rows = new BenchRegionInspector().details(region);
                assertEquals(1, rows.size(), "size=" + size);
                assertTrue(rows.get(0)[1].contains("corrupted"), rows.get(0)[1]);
            }
        }
    }
}
