package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class CaseSpecTest {
    private static CaseSpec spec(int size, int warmup, int roundTrips, long messages) {
        return new CaseSpec("spin-baseline", size, warmup, roundTrips, messages, 100, Paths.get("/dev/shm/x y"), "tag", 1);
    }

    @Test
    void survivesTheCommandLine() {
        CaseSpec spec = spec(32, 10, 20, 30);
        assertEquals(spec, CaseSpec.parse(spec.toArgs()));
    }

    @Test
    void capacitySurvivesTheCommandLineAndDefaultsToOneMib() {
        CaseSpec spec = new CaseSpec("shm-spsc", 32, 1, 2, 3, 100, Paths.get("/dev/shm/x"), "tag", -1, 64 << 10);
        assertEquals(64 << 10, CaseSpec.parse(spec.toArgs()).capacity());
        assertEquals(BenchOptions.DEFAULT_CAPACITY, spec(32, 10, 20, 30).capacity());
    }

    @Test
    void capacityOutOfRangeOrTooSmallForTheSizeIsRefused() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> new CaseSpec("shm-spsc", 32, 1, 2, 3, 100, Paths.get("/dev/shm/x"), "tag", -1, 100_000));
        assertTrue(odd.getMessage().contains("capacity=100000 must be a power of two"), odd.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> new CaseSpec("shm-spsc", 65536, 1, 2, 3, 100, Paths.get("/dev/shm/x"), "tag", -1, 64 << 10));
        assertTrue(small.getMessage().contains("size=65536 needs capacity >= 524288"), small.getMessage());
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> spec(7, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> spec(CaseSpec.MAX_SIZE + 1, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> spec(8, -1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> spec(8, 0, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> spec(8, 0, 1, 1));
    }

    @Test
    void throughputWarmupIsAFifthAndAtLeastTwo() {
        assertEquals(200, spec(8, 0, 1, 1000).throughputWarmup());
        assertEquals(2, spec(8, 0, 1, 2).throughputWarmup());
    }
}
