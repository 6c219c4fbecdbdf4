package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollPeriodTest {
    private static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void aPeriodEndsAtTheNextUtcHourOrMidnight() {
        assertEquals(nanos("2026-12-08T04:00:00Z"), RollPeriod.HOURLY.periodEnd(nanos("2026-12-08T03:59:59.999Z")));
        assertEquals(nanos("2026-12-08T05:00:00Z"), RollPeriod.HOURLY.periodEnd(nanos("2026-12-08T04:00:00Z")));
        assertEquals(nanos("2026-12-09T00:00:00Z"), RollPeriod.DAILY.periodEnd(nanos("2026-12-08T03:00:00Z")));
        assertEquals(Long.MAX_VALUE, RollPeriod.NONE.periodEnd(nanos("2026-12-08T03:00:00Z")));
    }
}
