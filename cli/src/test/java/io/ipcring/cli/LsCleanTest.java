package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.InspectedConsumerMain;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.fanout.WorkQueueRingDescriptor;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.ReapedProcess;
import io.ipcring.testsupport.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ls and clean on real region files in a directory of /dev/shm of their own. */
class LsCleanTest {
    private final TestPaths paths = new TestPaths();
    private Path dir;

    @BeforeEach
    void createDirectory() throws Exception {
        dir = paths.directory("cli");
    }

    @AfterEach
    void removeDirectory() {
        paths.close();
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
        Path temporary = Files.write(dir.resolve(".ring." + ReapedProcess.deadPid() + ".1f2e.creating"), new byte[64]);
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
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), MapAndWait.class, dead.toString())) {
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

    @Test
    void aRingWhoseSlotsNameALiveProcessIsNotAbandonedEvenIfNobodyMapsIt() throws Exception {
        Path keep = dir.resolve("keep");
        try (BroadcastRing ring = BroadcastRing.create(keep, BroadcastRingOptions.defaults().capacity(4096))) {
            ring.subscribe("stays-attached", BroadcastRing.StartPosition.LATEST);
        }
        Regions.orphan(keep);
        String row = line(Cli.run("ls", dir.toString()).out, "keep");
        assertTrue(row.contains("ring broadcast") && row.contains(" dead ") && !row.contains("abandoned"), row);
        assertTrue(row.matches(".* " + ProcessHandle.current().pid() + " +- *"), "owners then mapped by: " + row);
        assertTrue(Cli.run("clean", "--yes", dir.toString()).out.contains("nothing to clean"));
        assertTrue(Files.exists(keep));
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRingWhoseEveryProcessIsDeadIsListedAsSuchAndCleaned() throws Exception {
        Path gone = dir.resolve("gone");
        WorkQueueRing.create(gone, WorkQueueRingOptions.defaults().capacity(4096)).close();
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), InspectedConsumerMain.class, gone.toString(),
                "0")) {
            BroadcastRegionInspectorTest.await(() -> child.output().contains("attached"), "the child takes a slot; "
                    + child.output());
            child.kill();
            Regions.orphan(gone);
            String row = line(Cli.run("ls", dir.toString()).out, "gone");
            assertTrue(row.contains("ring workqueue") && row.contains("dead:" + child.pid()) && row.contains("abandoned"), row);
            Cli clean = Cli.run("clean", "--yes", dir.toString());
            assertTrue(clean.out.contains("every slot owner dead") && clean.out.contains("removed 1 file(s)"), clean.out);
            assertFalse(Files.exists(gone));
        }
    }

    @Test
    void aRingWhoseOwnersCannotBeReadIsListedAndJudgedByItsCreatorAndMappings() throws Exception {
        Path broken = dir.resolve("broken");
        WorkQueueRing.create(broken, WorkQueueRingOptions.defaults().capacity(4096)).close();
        FileBytes.patchInt(broken, WorkQueueRingDescriptor.CONSUMER_SLOTS_OFFSET, -1);
        String live = line(Cli.run("ls", dir.toString()).out, "broken");
        assertTrue(live.contains(" ? ") && live.contains("owners unreadable: ") && live.contains("consumerSlots=-1")
                && !live.contains("abandoned"), live);
        Regions.orphan(broken);
        Cli clean = Cli.run("clean", "--yes", dir.toString());
        assertTrue(clean.out.contains("slot owners unreadable") && clean.out.contains("removed 1 file(s)"), clean.out);
    }
}
