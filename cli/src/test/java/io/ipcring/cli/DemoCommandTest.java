package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo walks every transport it knows; each one either runs to the partner's goodbye or is
 * listed as not available with the reason (the transports land in other modules over time).
 */
class DemoCommandTest {
    @Test
    @Timeout(120)
    void everyTransportRunsOrSaysWhyNot() {
        Cli r = Cli.run("demo", "--round-trips", "200");
        assertEquals(0, r.exitCode, r.out + r.err);
        for (String name : DemoCommand.TRANSPORTS) {
            String heading = r.out.lines().filter(l -> l.startsWith("== " + name + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " missing from\n" + r.out));
            assertTrue(heading.contains("not available: ") || r.out.contains("the partner exited with code 0"), heading);
        }
        assertTrue(r.out.trim().endsWith("demo finished."), r.out);
    }

    @Test
    void unknownTransportsAreRefused() {
        Cli r = Cli.run("demo", "--transports", "nope");
        assertEquals(IpcringCli.EXIT_FAILURE, r.exitCode);
        assertTrue(r.err.contains("unknown transport 'nope'"), r.err);
    }
}
