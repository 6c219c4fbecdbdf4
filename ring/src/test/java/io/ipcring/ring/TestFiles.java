package io.ipcring.ring;

import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Unique ring file names for tests (pid + random suffix in /dev/shm), deleted by {@link #deleteAll()}. */
public final class TestFiles {
    private final List<Path> created = new ArrayList<>();

    public Path newPath(String prefix) {
        Path path = SharedRegion.defaultDirectory().resolve("ipcring-test-" + prefix + "-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        created.add(path);
        return path;
    }

    public void deleteAll() {
        for (Path path : created) {
            SharedRegion.delete(path);
        }
        created.clear();
    }

    /** Overwrites an int in a closed file, as a corruption or a foreign writer would. */
    public static void patchInt(Path path, long offset, int value) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.write(bytes, offset);
        }
    }

    /** Overwrites a long in a closed file. */
    public static void patchLong(Path path, long offset, long value) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.write(bytes, offset);
        }
    }

    /** Reads a long of a file (through the page cache, so a live mapping's stores are seen). */
    public static long readLong(Path path, long offset) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.read(bytes, offset);
        }
        return bytes.getLong(0);
    }
}
