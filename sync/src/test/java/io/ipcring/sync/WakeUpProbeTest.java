package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WakeUpProbeTest {
    @Test
    void measuresAPositiveWakeUpCostAndLeavesNoThreadBehind() throws Exception {
        long median = WakeUpProbe.medianNanos();
        assertTrue(median > 0 || median == -1, "median=" + median);
        assertTrue(median < WakeUpProbe.MAX_PROBE_NANOS, "a sample is bounded by the probe's time: median=" + median);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (probeThreadAlive()) {
            assertTrue(System.nanoTime() < deadline, "the probe's sleeper thread did not end");
            Thread.sleep(10);
        }
        assertFalse(probeThreadAlive());
    }

    private static boolean probeThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("ipcring-wake-up-probe") && thread.isAlive());
    }
}
