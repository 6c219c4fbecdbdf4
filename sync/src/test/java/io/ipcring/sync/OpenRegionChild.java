package io.ipcring.sync;

import java.nio.file.Path;

/**
 * Child process for {@link SharedRegionTest}: opens a region, possibly as another user, or
 * creates one, possibly under resource limits, and prints {@code OPENED <length>},
 * {@code CREATED <length>} or {@code FAILED <reason>} on its first line.
 *
 * <p>Arguments: path, kind, version, and {@code rw}, {@code ro} or {@code create:<length>}.
 */
public final class OpenRegionChild {
    private OpenRegionChild() {
    }

    /** @param args path, kind, version, mode */
    public static void main(String[] args) {
        Path path = Path.of(args[0]);
        RegionFormat format = new RegionFormat(Integer.parseInt(args[1]), Integer.parseInt(args[2]), "child");
        if (args[3].startsWith("create:")) {
            create(path, format, Long.parseLong(args[3].substring("create:".length())));
            return;
        }
        try (SharedRegion region = args[3].equals("ro") ? SharedRegion.openReadOnly(path)
                : SharedRegion.open(path, format)) {
            System.out.println("OPENED " + region.length());
        } catch (SharedMemoryException e) {
            System.out.println("FAILED " + e.reason());
            System.out.println(e.getMessage());
        }
    }

    private static void create(Path path, RegionFormat format, long length) {
        try (SharedRegion region = SharedRegion.create(path, format, length, RegionAccess.OWNER, memory -> { })) {
            System.out.println("CREATED " + region.length());
        } catch (SharedMemoryException e) {
            System.out.println("FAILED " + e.reason());
            System.out.println(e.getMessage());
        }
    }
}
