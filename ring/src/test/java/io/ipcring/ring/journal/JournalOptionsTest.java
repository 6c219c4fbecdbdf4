package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.WaitStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalOptionsTest {
    @Test
    void valuesOutOfRangeAreNamedTogether() {
        JournalOptions.defaults().validate();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JournalOptions.defaults().rollBytes(1000).appenderSlots(0).validate());
        assertTrue(e.getMessage().contains("rollBytes=1000"), e.getMessage());
        assertTrue(e.getMessage().contains("appenderSlots=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> JournalOptions.defaults().rollBytes(64 * 1024).maxMessageLength(16 * 1024).validate());
        JournalOptions.defaults().rollBytes(64 * 1024).maxMessageLength(16 * 1024 - 24).validate();
        assertThrows(IllegalArgumentException.class, () -> JournalOptions.defaults().indexInterval(0).validate());
    }

    @Test
    void differencesIgnoreTheWaitStrategyWhichIsThisProcesss() {
        JournalOptions a = JournalOptions.defaults();
        assertEquals(List.of(), a.differences(a.waitStrategy(WaitStrategy.BUSY_SPIN)));
        assertEquals(List.of("rollPeriod=DAILY (journal has NONE)", "maxMessageLength=10 (journal has 65536)"),
                a.rollPeriod(RollPeriod.DAILY).maxMessageLength(10).differences(a));
        assertEquals(List.of("stuckClaimTimeoutNanos=2000000 (journal has 0)"),
                a.stuckClaimTimeout(2, java.util.concurrent.TimeUnit.MILLISECONDS).differences(a));
        assertThrows(IllegalArgumentException.class, () -> a.stuckClaimTimeout(-1, java.util.concurrent.TimeUnit.SECONDS));
    }
}
