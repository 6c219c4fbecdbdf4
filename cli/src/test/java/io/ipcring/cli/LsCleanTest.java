package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.ChildJvm;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ls and clean on real region files in a directory of /dev/shm of their own. */
class LsCleanTest {
    private Path dir;

    @BeforeEach
    void createDirectory() throws Exception {
        dir = Files.createDirectory(Paths.get("/dev/shm", "ipcring-cli-test-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(System.nanoTime())));
    }

    @AfterEach
    void removeDirectory() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private String line(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(name + " not in\n" + out));
    }

    @Test
    void lsShowsKindCreatorAndLiveness() throws Exception {
        Regions.control(dir, "live");
        Path dead = Regions.unknown(dir, "dead");
        Regions.orphan(dead);
        Files.writeString(dir.resolve("other.txt"), "not a ring");
        Cli r = Cli.run("ls", dir.toString());
        assertEquals(0, r.exitCode, r.err);
        String live = line(r.out, "live");
        assertTrue(live.contains("bench-control"), live);
        assertTrue(live.contains(ProcessHandle.current().pid() + " alive"), live);
        String orphan = line(r.out, "dead");
        assertTrue(orphan.contains("kind 0x7e570001"), orphan);
        assertTrue(orphan.contains(" dead") && orphan.contains("abandoned"), orphan);
        assertFalse(r.out.contains("other.txt"));
    }

    @Test
    void cleanRemovesOnlyAbandonedRegionsAndHalfCreatedFiles() throws Exception {
        Path live = Regions.control(dir, "live");
        Path dead = Regions.unknown(dir, "dead");
        Regions.orphan(dead);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Path temporary = Files.write(dir.resolve(".ring." + gone.pid() + ".1f2e.creating"), new byte[64]);
        Path other = Files.writeString(dir.resolve("other.txt"), "not a ring");

        Cli r = Cli.run("clean", "--yes", dir.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("removed 2 file(s)"), r.out);
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(temporary));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other));
        assertTrue(Cli.run("clean", "--yes", dir.toString()).out.contains("nothing to clean"));
    }

    @Test
    void cleanAsksAndKeepsEverythingUnlessTheAnswerIsYes() throws Exception {
        Path dead = Regions.unknown(dir, "dead");
        Regions.orphan(dead);
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
            Cli no = Cli.run("clean", dir.toString());
            assertTrue(no.out.contains("remove 1 file(s)? [y/N]") && no.out.contains("nothing removed"), no.out);
            assertTrue(Files.exists(dead));
            System.setIn(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)));
            assertTrue(Cli.run("clean", dir.toString()).out.contains("removed 1 file(s)"));
            assertFalse(Files.exists(dead));
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRegionSomeProcessStillMapsIsNotAbandoned() throws Exception {
        Path dead = Regions.unknown(dir, "mapped");
        Regions.orphan(dead);
        try (ChildJvm child = ChildJvm.start(MapAndWait.class, dead.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ProcessMaps.mappers(List.of(dead)).getOrDefault(dead, Set.of()).contains(child.pid())) {
                assertTrue(System.nanoTime() < deadline, "child never mapped the file: " + child.output());
                Thread.sleep(20);
            }
            Cli ls = Cli.run("ls", dir.toString());
            String row = line(ls.out, "mapped");
            assertTrue(row.contains(Long.toString(child.pid())) && !row.contains("abandoned"), row);
            assertTrue(Cli.run("clean", "--yes", dir.toString()).out.contains("nothing to clean"));
            assertTrue(Files.exists(dead));
        }
    }

    @Test
    void emptyDirectorySaysSo() {
        Cli r = Cli.run("ls", dir.toString());
        assertEquals("no ipcring regions in " + dir, r.out.trim());
    }
}
