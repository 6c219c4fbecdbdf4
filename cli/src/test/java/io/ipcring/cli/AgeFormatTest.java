package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgeFormatTest {
    @Test
    void agesReadAsMillisecondsSecondsOrMinutes() {
        assertEquals("just now", AgeFormat.ago(-5));
        assertEquals("just now", AgeFormat.ago(999_999));
        assertEquals("1 ms ago", AgeFormat.ago(1_000_000));
        assertEquals("9999 ms ago", AgeFormat.ago(9_999_999_999L));
        assertEquals("10.0 s ago", AgeFormat.ago(10_000_000_000L));
        assertEquals("599.9 s ago", AgeFormat.ago(599_900_000_000L));
        assertEquals("10 min ago", AgeFormat.ago(600_000_000_000L));
        assertEquals("153722867 min ago", AgeFormat.ago(Long.MAX_VALUE));
    }
}
