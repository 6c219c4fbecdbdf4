package io.ipcring.ring.internal;

import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only attaching for the inspectors of every ring family, with the checks and exceptions
 * {@link SharedRegion#open(Path, RegionFormat)} gives a ring that attaches to write: a file of
 * another kind is {@link SharedMemoryException.Reason#WRONG_KIND}, another layout version of the
 * right kind {@link SharedMemoryException.Reason#UNSUPPORTED_VERSION}.
 */
public final class RingRegions {
    private RingRegions() {
    }

    /**
     * Maps a ring file read-only and checks that it holds one of the expected kinds, in the
     * layout version this code reads.
     *
     * @param path    the file
     * @param formats the kinds and versions accepted
     * @return the region, mapped read-only; the caller closes it
     * @throws SharedMemoryException when the file is missing, not an ipcring file, or another kind or version
     */
    public static SharedRegion openReadOnly(Path path, RegionFormat... formats) {
        SharedRegion region = SharedRegion.openReadOnly(path);
        try {
            check(region, formats);
            return region;
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    private static void check(SharedRegion region, RegionFormat... formats) {
        int kind = region.kind();
        List<String> expected = new ArrayList<>();
        for (RegionFormat format : formats) {
            if (format.kind() == kind) {
                if (region.version() != format.version()) {
                    throw new SharedMemoryException(SharedMemoryException.Reason.UNSUPPORTED_VERSION, region.path(),
                            "layout version " + region.version() + " of " + format.name()
                                    + ", this code reads version " + format.version());
                }
                return;
            }
            expected.add(format.kind() + " (" + format.name() + ")");
        }
        throw new SharedMemoryException(SharedMemoryException.Reason.WRONG_KIND, region.path(), "holds kind " + kind
                + ", expected " + String.join(" or ", expected));
    }
}
