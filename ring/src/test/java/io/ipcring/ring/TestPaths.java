package io.ipcring.ring;

import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Unique /dev/shm file names for one test, deleted by {@link #close()}. */
final class TestPaths implements AutoCloseable {
    private final List<Path> paths = new ArrayList<>();

    /**
     * @param label what the file is for
     * @return a path no other test or process uses
     */
    Path next(String label) {
        Path path = Paths.get("/dev/shm", "ipcring-test-" + label + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        paths.add(path);
        return path;
    }

    /** @return a packed identity of "this pid, started at another time": a process that is gone */
    static long deadIdentity() {
        ProcessIdentity me = ProcessIdentity.current();
        return PackedIdentity.pack(new ProcessIdentity(me.pid(), me.startTicks() + 12_345));
    }

    @Override
    public void close() {
        paths.forEach(SharedRegion::delete);
    }
}
