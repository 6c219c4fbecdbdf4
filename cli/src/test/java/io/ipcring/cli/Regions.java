package io.ipcring.cli;

import io.ipcring.bench.BenchRegions;
import io.ipcring.bench.ControlLayout;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.ReapedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Region files for the ls, clean and stat tests. */
final class Regions {
    /** A kind no inspector knows. */
    static final RegionFormat UNKNOWN = new RegionFormat(0x7E570001, 1, "test");

    private Regions() {
    }

    /** A new directory of /dev/shm for one test (tmpfs, where regions live), named by prefix, pid and time. */
    static Path newShmDirectory(String prefix) throws Exception {
        return Files.createDirectory(Paths.get("/dev/shm", prefix + "-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(System.nanoTime())));
    }

    /** Removes a directory made by {@link #newShmDirectory} and the files in it. */
    static void deleteShmDirectory(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    static Path control(Path dir, String name) {
        Path p = dir.resolve(name);
        SharedRegion.create(p, BenchRegions.CONTROL, ControlLayout.LENGTH, RegionAccess.OWNER,
                m -> m.putInt(ControlLayout.CHILD_STEP_OFFSET, 4)).close();
        return p;
    }

    static Path unknown(Path dir, String name) {
        Path p = dir.resolve(name);
        SharedRegion.create(p, UNKNOWN, 8192, RegionAccess.OWNER, m -> { }).close();
        return p;
    }

    /** Rewrites a region's creator to a process that has exited. */
    static void orphan(Path region) throws Exception {
        RegionFormat format;
        try (SharedRegion readOnly = SharedRegion.openReadOnly(region)) {
            format = new RegionFormat(readOnly.kind(), readOnly.version(), "as found");
        }
        try (SharedRegion r = SharedRegion.open(region, format)) {
            r.memory().putLong(RegionHeader.CREATOR_PID_OFFSET, ReapedProcess.deadPid());
        }
    }
}
