package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProcessMapsTest {
    private final TestPaths paths = new TestPaths();
    private Path dir;

    @BeforeEach
    void createDirectory() throws Exception {
        dir = paths.directory("maps");
    }

    @AfterEach
    void removeDirectory() {
        paths.close();
    }

    @Test
    void parsesFileMappingsAndSkipsAnonymousOnes() {
        assertEquals(new ProcessMaps.Mapping(new ProcessMaps.FileKey(0, 0x1a, 3316986), "/dev/shm/.orders.42.c79.creating"),
                ProcessMaps.parse("7fcae881b000-7fcae882d000 rw-s 00000000 00:1a 3316986                    "
                        + "/dev/shm/.orders.42.c79.creating (deleted)"));
        assertEquals(new ProcessMaps.Mapping(new ProcessMaps.FileKey(0xfd, 0x101, 12), "/usr/lib/libc.so.6"),
                ProcessMaps.parse("7f0000000000-7f0000001000 r-xp 00000000 fd:101 12 /usr/lib/libc.so.6"));
        assertNull(ProcessMaps.parse("7ffd6b1e5000-7ffd6b206000 rw-p 00000000 00:00 0                          [stack]"));
        assertEquals(new ProcessMaps.Mapping(null, "/odd"), ProcessMaps.parse("garbage /odd"));
    }

    @Test
    void theKeyOfAFileIsWhatTheMapsFileShowsForIt() throws Exception {
        Path file = Files.write(dir.resolve("keyed"), new byte[4096]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, 4096);
            List<ProcessMaps.Mapping> own = ProcessMaps.mappings(Paths.get("/proc/self/maps"));
            ProcessMaps.Mapping shown = own.stream().filter(m -> m.path().equals(file.toString())).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " not in " + own));
            assertEquals(shown.key(), ProcessMaps.keyOf(file));
            assertEquals(4096, mapping.capacity());
        }
        assertNull(ProcessMaps.keyOf(dir.resolve("missing")));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileMappedUnderANameSinceRemovedIsFoundByItsOtherName() throws Exception {
        Path creating = Regions.unknown(dir, ".region.creating");
        Path region = Files.createLink(dir.resolve("region"), creating);
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), MapAndWait.class, creating.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ProcessMaps.mappers(List.of(creating)).getOrDefault(creating, Set.of()).contains(child.pid())) {
                assertTrue(System.nanoTime() < deadline, "child never mapped the file: " + child.output());
                Thread.sleep(20);
            }
            Files.delete(creating);
            assertEquals(Set.of(child.pid()), ProcessMaps.mappers(List.of(region)).get(region),
                    "the creator case: the file is mapped as '" + creating + " (deleted)'");
        }
    }
}
