package io.ipcring.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole run is exercised by hand and in the README; here, its argument handling. */
class StressMainTest {
    @Test
    void anUnknownOptionPrintsUsageAndExitsWith2() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = StressMain.run(new String[] {"--fast"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, status);
        assertTrue(out.contains("unknown option --fast") && out.contains("usage: StressMain [--quick|--full]"), out);
    }

    @Test
    void aMissingOptionValueIsAUsageErrorToo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(2, StressMain.run(new String[] {"--seed"}, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals(2, StressMain.run(new String[] {"--seed", "x"}, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    }
}
