package io.ipcring.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JcstressSummaryTest {
    @Test
    void countsTestsSamplesAndForbiddenSamplesOfTheRunResultsOnly() {
        List<String> output = List.of(
                ".......... [OK] io.ipcring.stress.sync.EarlyProgressLine",
                "  1, 1    999   100.00%  Acceptable  counted nowhere: before RUN RESULTS",
                "RUN RESULTS:",
                "  Interesting tests: No matches.",
                "  Failed tests: 1 matching test results.",
                "...... [FAILED] io.ipcring.stress.broken.HeaderBeforePayloadPublicationTest",
                "  Results across all configurations:",
                "    RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION",
                "  1, 0, -1   5,192,231   30.33%  Acceptable  The poll came before the publication: nothing delivered.",
                "   1, 1, 0           9   <0.01%   Forbidden  The record was delivered with a stale payload.",
                "   1, 1, 1  11,925,059   69.67%  Acceptable  The record was delivered with its whole payload.",
                "  All remaining tests: 1 matching test results.",
                ".......... [OK] io.ipcring.stress.sync.EventWakeupTest",
                "  1, 42, 1         23   <0.01%  Interesting  slept to the end of a slice",
                "   1, 0, 0          0    0.00%    Forbidden  missed the data",
                "  HTML report generated at /tmp/x/index.html");
        assertEquals(new JcstressSummary(2, 1, 5_192_231L + 9 + 11_925_059L + 23, 9, 23), JcstressSummary.parse(output));
    }

    @Test
    void noResultsMeansNoTests() {
        assertEquals(new JcstressSummary(0, 0, 0, 0, 0), JcstressSummary.parse(List.of("Error: no tests matched")));
    }
}
