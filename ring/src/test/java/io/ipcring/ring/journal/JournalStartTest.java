package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JournalStartTest {
    @Test
    void startsCarryTheirKindAndValue() {
        assertEquals(JournalStart.Kind.FIRST, JournalStart.first().kind());
        assertEquals(JournalStart.Kind.END, JournalStart.end().kind());
        assertEquals(42, JournalStart.sequence(42).value());
        assertEquals(1_000_000_007L, JournalStart.time(Instant.ofEpochSecond(1, 7)).value());
        assertEquals("sequence:42", JournalStart.sequence(42).toString());
        assertThrows(IllegalArgumentException.class, () -> JournalStart.sequence(-1));
    }
}
