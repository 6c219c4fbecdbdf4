package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static BenchOptions options(boolean quick, Integer warmup, Integer roundTrips, Long messages) {
        return new BenchOptions(List.of("spin-baseline"), List.of(32), quick, warmup, roundTrips, messages,
                Duration.ofMinutes(1), Paths.get("/dev/shm"), 1);
    }

    private static BenchOptions withCapacities(List<Integer> sizes, List<Integer> capacities) {
        return new BenchOptions(List.of("shm-spsc"), sizes, false, null, null, null, Duration.ofMinutes(1),
                Paths.get("/dev/shm"), 1, capacities);
    }

    @Test
    void defaultsCoverEveryTransportAt32Bytes() {
        BenchOptions d = BenchOptions.defaults();
        assertEquals(Transports.names(), d.transports());
        assertEquals(List.of(32), d.sizes());
        assertEquals(List.of(1 << 20), d.capacities());
    }

    @Test
    void capacitiesArePowersOfTwoWithinBounds() {
        assertEquals(List.of(16 << 10, 64 << 20), withCapacities(List.of(32), List.of(16 << 10, 64 << 20)).capacities());
        for (int bad : List.of(8 << 10, 128 << 20, 3 << 16, 0, -65536)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> withCapacities(List.of(32), List.of(bad)));
            assertEquals("capacity=" + bad + " must be a power of two in [16384, 67108864] bytes", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> withCapacities(List.of(32), List.of()));
    }

    @Test
    void everyCapacityMustCarryTheLargestSize() {
        assertEquals(List.of(512 << 10), withCapacities(List.of(32, 65536), List.of(512 << 10)).capacities());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withCapacities(BenchOptions.SWEEP_SIZES, BenchOptions.SWEEP_CAPACITIES));
        assertEquals("capacity=65536 is too small for size=65536: a ring's largest message is 1/8 of its capacity,"
                + " so size=65536 needs capacity >= 524288", e.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> withCapacities(List.of(8193), List.of(64 << 10)));
        assertTrue(odd.getMessage().endsWith("size=8193 needs capacity >= 131072"), odd.getMessage());
    }

    @Test
    void quickCountsAreSmallerAndKernelTransportsGetFewer() {
        Transport memory = Transports.get("spin-baseline");
        Transport kernel = Transports.get("unix");
        BenchOptions full = options(false, null, null, null);
        BenchOptions quick = options(true, null, null, null);
        assertTrue(quick.roundTripsFor(memory, 32) < full.roundTripsFor(memory, 32));
        assertTrue(quick.messagesFor(memory, 32) < full.messagesFor(memory, 32));
        assertTrue(full.roundTripsFor(kernel, 32) < full.roundTripsFor(memory, 32));
        assertTrue(full.messagesFor(kernel, 32) < full.messagesFor(memory, 32));
    }

    @Test
    void largeMessagesAreCappedByBytesButNotBelowAThousand() {
        Transport memory = Transports.get("spin-baseline");
        BenchOptions quick = options(true, null, null, null);
        assertEquals((256L << 20) / 65536, quick.messagesFor(memory, 65536));
        assertEquals(1_000, quick.messagesFor(memory, CaseSpec.MAX_SIZE));
    }

    @Test
    void overridesWinOverDefaults() {
        BenchOptions o = options(true, 5, 6, 7L);
        Transport memory = Transports.get("spin-baseline");
        assertEquals(5, o.warmupFor(memory, 65536));
        assertEquals(6, o.roundTripsFor(memory, 65536));
        assertEquals(7, o.messagesFor(memory, 65536));
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> options(false, -1, null, null));
        assertThrows(IllegalArgumentException.class, () -> options(false, null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> options(false, null, null, 1L));
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(List.of("nope"), List.of(32), false,
                null, null, null, Duration.ofMinutes(1), Paths.get("/dev/shm"), 1));
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(List.of("spin-baseline"), List.of(4), false,
                null, null, null, Duration.ofMinutes(1), Paths.get("/dev/shm"), 1));
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(List.of(), List.of(32), false,
                null, null, null, Duration.ofMinutes(1), Paths.get("/dev/shm"), 1));
    }

    @Test
    void roundsMustBeBetweenOneAndTheLimit() {
        assertEquals(1, BenchOptions.defaults().rounds());
        for (int rounds : new int[] {0, -1, BenchOptions.MAX_ROUNDS + 1}) {
            assertThrows(IllegalArgumentException.class, () -> new BenchOptions(List.of("spin-baseline"), List.of(32),
                    false, null, null, null, Duration.ofMinutes(1), Paths.get("/dev/shm"), rounds));
        }
        assertEquals(BenchOptions.MAX_ROUNDS, new BenchOptions(List.of("spin-baseline"), List.of(32), false, null, null,
                null, Duration.ofMinutes(1), Paths.get("/dev/shm"), BenchOptions.MAX_ROUNDS).rounds());
    }
}
