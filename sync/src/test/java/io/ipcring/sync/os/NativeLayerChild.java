package io.ipcring.sync.os;

import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;

/**
 * Child JVM of {@link UnavailableOsCallsTest}, started under a small file size limit: tries three
 * times to create a small region (and once a region larger than the limit), printing one line per
 * attempt: {@code OK}, or the exception's class and message. Deletes what it created.
 *
 * <p>Arguments: the small region's path, the large region's path.
 */
public final class NativeLayerChild {
    private static final RegionFormat FORMAT = new RegionFormat(43, 1, "native layer child");

    private NativeLayerChild() {
    }

    /** @param args the small and the large region's paths */
    public static void main(String[] args) {
        for (int attempt = 0; attempt < 3; attempt++) {
            System.out.println("small " + attempt + ": " + tryCreate(Path.of(args[0]), 8192));
        }
        System.out.println("large: " + tryCreate(Path.of(args[1]), 1 << 20));
    }

    private static String tryCreate(Path path, int length) {
        try {
            SharedRegion.create(path, FORMAT, length, RegionAccess.OWNER, memory -> { }).close();
            return "OK";
        } catch (Throwable t) {
            return t.getClass().getName() + ": " + t.getMessage();
        } finally {
            try {
                SharedRegion.delete(path);
            } catch (Throwable t) {
                System.out.println("delete: " + t);
            }
        }
    }
}
