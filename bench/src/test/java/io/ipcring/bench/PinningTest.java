package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinningTest {
    @Test
    void cpuListsAreParsed() {
        assertEquals(List.of(0, 1, 2, 3, 6), Pinning.parseCpuList("0-3,6"));
        assertEquals(List.of(5), Pinning.parseCpuList("5"));
        assertEquals(List.of(), Pinning.parseCpuList(""));
        assertThrows(IllegalArgumentException.class, () -> Pinning.parseCpuList("3-1"));
        assertThrows(IllegalArgumentException.class, () -> Pinning.parseCpuList("a"));
    }

    @Test
    void allowedCpusComeFromTheStatusFile(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.write(status, List.of("Name:\tjava", "Cpus_allowed:\t3", "Cpus_allowed_list:\t0-1"));
        assertEquals(List.of(0, 1), Pinning.allowedCpus(status));
        Files.write(status, List.of("Name:\tjava"));
        assertThrows(IllegalArgumentException.class, () -> Pinning.allowedCpus(status));
    }

    @Test
    void noPinningMeansNoPrefix() {
        Pinning none = Pinning.none("test");
        assertFalse(none.enabled());
        assertEquals("test", none.reason());
        assertEquals(List.of(), none.prefix(1));
    }

    @Test
    void detectionEitherPinsTwoDistinctCpusOrSaysWhyNot() {
        Pinning p = Pinning.detect();
        if (p.enabled()) {
            assertTrue(p.parentCpu() >= 0 && p.childCpu() >= 0 && p.parentCpu() != p.childCpu());
            assertEquals(List.of("-c", Integer.toString(p.childCpu())), p.prefix(p.childCpu()).subList(1, 3));
        } else {
            assertFalse(p.reason().isBlank());
        }
    }

    @Test
    void thisProcessIsNotPinnedToANonexistentCpu() {
        assertFalse(Pinning.isPinned(ProcessHandle.current().pid(), 100_000));
    }

    @Test
    void pinsTheFirstTwoCpusOnlyWithTasksetAndTwoCpus() {
        Pinning pinned = Pinning.of("/usr/bin/taskset", List.of(2, 5, 7));
        assertTrue(pinned.enabled());
        assertEquals(2, pinned.parentCpu());
        assertEquals(5, pinned.childCpu());
        assertEquals(null, pinned.reason());
        assertEquals(List.of("/usr/bin/taskset", "-c", "5"), pinned.prefix(5));

        Pinning noTaskset = Pinning.of(null, List.of(0, 1));
        assertFalse(noTaskset.enabled());
        assertTrue(noTaskset.reason().contains("taskset is not on the PATH"), noTaskset.reason());

        Pinning oneCpu = Pinning.of("/usr/bin/taskset", List.of(3));
        assertFalse(oneCpu.enabled());
        assertTrue(oneCpu.reason().contains("only 1 CPU"), oneCpu.reason());
    }
}
