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

    @Test
    void defaultsCoverEveryTransportAt32Bytes() {
        BenchOptions d = BenchOptions.defaults();
        assertEquals(Transports.names(), d.transports());
        assertEquals(List.of(32), d.sizes());
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
