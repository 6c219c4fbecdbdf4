package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalSyncTest {
    @Test
    void theTextFormParsesAndPrintsEachMode() {
        assertEquals(JournalSync.none(), JournalSync.parse("none"));
        assertEquals(JournalSync.always(), JournalSync.parse("always"));
        assertEquals(JournalSync.periodic(Duration.ofMillis(10)), JournalSync.parse("periodic:10ms"));
        assertEquals(JournalSync.periodic(Duration.ofSeconds(2)), JournalSync.parse("periodic:2s"));
        assertEquals(JournalSync.periodic(Duration.ofMillis(1)), JournalSync.parse("periodic:1000us"));
        assertEquals(JournalSync.periodic(Duration.ofMinutes(1)), JournalSync.parse("periodic:PT1M"));
        for (String text : List.of("none", "always", "periodic:10ms")) {
            assertEquals(text, JournalSync.parse(text).toString());
        }
        assertEquals(10_000_000L, JournalSync.parse("periodic:10ms").periodNanos());
    }

    @Test
    void periodsOutOfRangeAndOtherTextsAreRefusedByName() {
        for (String bad : List.of("periodic:0ms", "periodic:2h", "periodic:10", "sometimes", "periodic:xms")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalSync.parse(bad));
            assertTrue(e.getMessage().contains("sync=" + bad) || e.getMessage().contains("period="), e.getMessage());
        }
    }
}
