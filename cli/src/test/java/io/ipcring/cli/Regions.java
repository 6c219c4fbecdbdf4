package io.ipcring.cli;

import io.ipcring.bench.BenchRegions;
import io.ipcring.bench.ControlLayout;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.ReapedProcess;
import java.nio.file.Path;

/** Region files for the ls, clean and stat tests. */
final class Regions {
    /** A kind no inspector knows. */
    static final RegionFormat UNKNOWN = new RegionFormat(0x7E570001, 1, "test");

    private Regions() {
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
