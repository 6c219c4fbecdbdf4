package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResultLineTest {
    @Test
    void everyKindOfResultSurvivesTheLine() {
        for (CaseResult r : Reports.sample().results()) {
            String line = ResultLine.encode(r);
            assertFalse(line.contains("\n"), line);
            assertEquals(r, ResultLine.decode(line));
        }
    }

    @Test
    void otherLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ResultLine.decode("PROGRESS ping-pong 1 2"));
        assertThrows(IllegalArgumentException.class, () -> ResultLine.decode("RESULT transport=x"));
    }
}
