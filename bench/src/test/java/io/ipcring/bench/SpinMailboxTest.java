package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpinMailboxTest {
    private static void exchange(Path dir, int size) throws Exception {
        int ping = SpinBaselineLayout.pingCounterOffset(size);
        int pong = SpinBaselineLayout.pongCounterOffset(size);
        int pingSlot = SpinBaselineLayout.PING_SLOT_OFFSET;
        int pongSlot = SpinBaselineLayout.pongSlotOffset(size);
        try (SharedRegion region = SharedRegion.create(dir.resolve("m"), BenchRegions.SPIN_BASELINE,
                SpinBaselineLayout.length(Math.max(size, CaseSpec.MIN_SIZE)), RegionAccess.OWNER, m -> { })) {
            SpinMailbox initiator = new SpinMailbox(region.memory(), ping, pong, pingSlot, pongSlot, size);
            SpinMailbox echoer = new SpinMailbox(region.memory(), pong, ping, pongSlot, pingSlot, size);
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoer.echo(0, 3000));
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            initiator.pingPong(0, 1000, h);
            initiator.pingPong(1000, 2000, h);
            echo.get(30, TimeUnit.SECONDS);
            assertEquals(3000, h.getTotalCount());
            if (size > 0) {
                assertEquals(2999, region.memory().getLong(pongSlot), "the echo carries the last sequence");
            }
        }
    }

    @Test
    void countersOnlyRoundTrips(@TempDir Path dir) throws Exception {
        exchange(dir, 0);
    }

    @Test
    void payloadIsEchoedWithItsSequence(@TempDir Path dir) throws Exception {
        exchange(dir, 1024);
    }

    @Test
    void sizesBelowASequenceAreRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> new SpinMailbox(null, 0, 0, 0, 0, 4));
    }
}
