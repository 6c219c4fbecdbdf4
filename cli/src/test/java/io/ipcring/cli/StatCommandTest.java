package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.RingProducer;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatCommandTest {
    @Test
    void showsTheHeaderAndTheInspectorsFields(@TempDir Path dir) {
        Path control = Regions.control(dir, "control");
        Cli r = Cli.run("stat", control.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("bench-control (0x42454e01), layout version 1"), r.out);
        assertTrue(r.out.contains("4,096 bytes"), r.out);
        assertTrue(r.out.contains("by pid " + ProcessHandle.current().pid() + " (alive)"), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+child step\\s+4")), r.out);
    }

    @Test
    void showsARingsPositionsFillAndAttachedProcesses(@TempDir Path dir) {
        Path path = dir.resolve("orders");
        try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(64 * 1024));
             RingProducer producer = ring.producer()) {
            byte[] payload = new byte[100];
            for (int i = 0; i < 10; i++) {
                assertTrue(producer.offer(payload, 0, payload.length, 1));
            }
            Cli r = Cli.run("stat", path.toString());
            assertEquals(0, r.exitCode, r.err);
            assertTrue(r.out.contains("ring spsc"), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+capacity\\s+65536 bytes")), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+producer position\\s+1120")), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+fill\\s+1120 bytes \\(1\\.7%\\)")), r.out);
            assertTrue(r.out.contains("producers") && r.out.contains(ProcessHandle.current().pid() + " (alive)"), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+consumer\\s+none attached")), r.out);
        }
    }

    @Test
    void unknownKindsShowTheHeaderAndSayWhatIsMissing(@TempDir Path dir) {
        Cli r = Cli.run("stat", Regions.unknown(dir, "ring").toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("kind 0x7e570001"), r.out);
        assertTrue(r.out.contains("no inspector for this kind"), r.out);
    }

    @Test
    void watchRefreshesTheGivenNumberOfTimes(@TempDir Path dir) {
        Path control = Regions.control(dir, "control");
        Cli r = Cli.run("stat", "--watch", "--interval", "10", "--count", "3", control.toString());
        assertEquals(0, r.exitCode, r.err);
        assertEquals(3, r.out.lines().filter(l -> l.equals(control.toString())).count(), r.out);
        assertTrue(Cli.run("stat", "--interval", "0", control.toString()).err.contains("--interval=0 must be positive"));
    }
}
