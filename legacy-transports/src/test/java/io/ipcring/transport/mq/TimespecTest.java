package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimespecTest {
    private final Timespec deadline = new Timespec();

    @Test
    void pastDeadlineIsTheEpoch() {
        deadline.setFromNow(5);
        deadline.setPast();
        assertEquals(0, deadline.seconds());
        assertEquals(0, deadline.nanos());
    }

    @Test
    void deadlineFromNowIsTheWallClockPlusTheDelayNormalised() {
        for (long delay : new long[] {0, 1, 999_999_999, 1_000_000_000, TimeUnit.SECONDS.toNanos(90) + 7}) {
            long before = System.currentTimeMillis();
            deadline.setFromNow(delay);
            long after = System.currentTimeMillis();
            long deadlineMillis = deadline.seconds() * 1000 + deadline.nanos() / 1_000_000;
            long delayMillis = delay / 1_000_000;
            assertTrue(deadline.nanos() >= 0 && deadline.nanos() < 1_000_000_000, "nanos normalised: " + deadline.nanos());
            assertTrue(deadlineMillis >= before + delayMillis - 1 && deadlineMillis <= after + delayMillis + 1,
                    "delay " + delay + ": " + deadlineMillis + " not in [" + (before + delayMillis) + ", " + (after + delayMillis) + "]");
        }
    }
}
