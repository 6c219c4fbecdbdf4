package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

class SysVWaitTest {
    @Test
    void theBackoffHasTheDocumentedPhases() {
        String configuration = SysVWait.newBackoff().toString();
        assertTrue(configuration.contains("maxSpins=" + SysVWait.SPINS)
                && configuration.contains("maxYields=" + SysVWait.YIELDS)
                && configuration.contains("minParkPeriodNs=" + SysVWait.MIN_PARK_NANOS)
                && configuration.contains("maxParkPeriodNs=" + SysVWait.MAX_PARK_NANOS), configuration);
        assertTrue(SysVWait.MAX_PARK_NANOS <= 1_000_000, "an idle waiter checks at least every millisecond");
    }

    @Test
    void everyEndpointGetsItsOwnBackoffState() {
        BackoffIdleStrategy first = SysVWait.newBackoff();
        assertNotSame(first, SysVWait.newBackoff());
    }
}
