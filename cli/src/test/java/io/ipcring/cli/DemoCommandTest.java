package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.bench.ChannelTransport;
import io.ipcring.bench.TestSocketChannels;
import io.ipcring.bench.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.Timeout;

/**
 * The demo walks every transport it knows; each one either runs to the partner's goodbye or is
 * listed as not available with the reason (the transports land in other modules over time).
 */
class DemoCommandTest {
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoProcessesExchangeMessagesOverAChannel() throws Exception {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--round-trips", "100");
        StringWriter text = new StringWriter();
        ChannelTransport testsock = new ChannelTransport("testsock", "blocking", Transport.Speed.KERNEL,
                TestSocketChannels.SCHEME + ":{dir}/{channel}.sock");
        boolean ok = demo.run(new PrintWriter(text, true), "testsock", testsock);
        String out = text.toString();
        assertTrue(ok, out);
        assertTrue(out.contains("started the partner process, pid"), out);
        assertTrue(out.contains("partner answered \"HELLO FROM THE DEMO\" in "), out);
        assertTrue(out.contains("100 round trips of 32 bytes: p50 "), out);
        assertTrue(out.contains("the partner exited with code 0"), out);
    }

    @Test
    void unknownTransportsAreRefused() {
        Cli r = Cli.run("demo", "--transports", "nope");
        assertEquals(IpcringCli.EXIT_FAILURE, r.exitCode);
        assertTrue(r.err.contains("unknown transport 'nope'"), r.err);
    }
}
