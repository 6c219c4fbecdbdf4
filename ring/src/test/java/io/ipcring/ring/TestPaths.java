package io.ipcring.ring;

import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Unique /dev/shm file names for one test, deleted by {@link #close()}. */
public final class TestPaths implements AutoCloseable {
    private final List<Path> paths = new ArrayList<>();

    /**
     * @param label what the file is for
     * @return a path no other test or process uses
     */
    public Path next(String label) {
        Path path = Paths.get("/dev/shm", "ipcring-test-" + label + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        paths.add(path);
        return path;
    }

    @Override
    public void close() {
        paths.forEach(SharedRegion::delete);
    }
}
