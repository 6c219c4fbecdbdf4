package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

class UnmapperTest {
    @Test
    void unmapsAtOnceWithoutJvmFlags() throws IOException {
        assertTrue(Unmapper.isImmediate(), "sun.misc.Unsafe.invokeCleaner is reachable");
        Path file = Path.of("/dev/shm", ScratchRegion.uniqueName("unmapper"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
            long address = NativeAddress.of(buffer);
            Unmapper.unmap(buffer);
            assertTrue(mappings().stream().noneMatch(line -> line.startsWith(Long.toHexString(address) + "-")),
                    "the mapping is gone from /proc/self/maps");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static java.util.List<String> mappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps"));
    }
}
