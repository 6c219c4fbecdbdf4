package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aTimeBoxedResultKeepsItsRoundTripsWithoutThroughput() {
        CaseResult r = CaseResult.timeBoxed("pipe", "blocking", 32, new LatencySummary(1, 2, 3, 4, 5, 6), 312, 450, true);
        CaseResult decoded = ResultLine.decode(ResultLine.encode(r));
        assertEquals(r, decoded);
        assertEquals("time-boxed: 312 round trips", decoded.reason());
        assertTrue(decoded.hasRoundTrips() && !decoded.hasFigures());
        assertThrows(IllegalArgumentException.class,
                () -> CaseResult.timeBoxed("pipe", "blocking", 32, new LatencySummary(1, 2, 3, 4, 5, 6), 0, 450, true));
    }

    @Test
    void otherLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ResultLine.decode("PROGRESS ping-pong 1 2"));
        assertThrows(IllegalArgumentException.class, () -> ResultLine.decode("RESULT transport=x"));
    }
}
