package io.ipcring.sync;

import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;

/**
 * A region for one test: a file in {@code /dev/shm} with a name unique to this process and call,
 * unmapped and deleted by {@link #close()}. Child processes open it by {@link #path()} with
 * {@link #FORMAT}.
 */
public final class ScratchRegion implements AutoCloseable {
    /** The format of every scratch region. */
    public static final RegionFormat FORMAT = new RegionFormat(0x7E57, 1, "test scratch");
    /** The first offset after the header: where tests place their primitives. */
    public static final int BASE = RegionHeader.LENGTH;

    private final SharedRegion region;

    private ScratchRegion(SharedRegion region) {
        this.region = region;
    }

    /**
     * @param length the region's size, header included
     * @return a new, zero-filled region
     */
    public static ScratchRegion create(long length) {
        Path path = SharedRegion.pathOf(TestPaths.uniqueName("scratch"));
        return new ScratchRegion(SharedRegion.create(path, FORMAT, length, RegionAccess.OWNER, memory -> { }));
    }

    /**
     * Opens a scratch region created by another process.
     *
     * @param path its file
     * @return the mapped region
     */
    public static SharedRegion open(String path) {
        return SharedRegion.open(Path.of(path), FORMAT);
    }

    /** @return the mapped memory */
    public MappedMemory memory() {
        return region.memory();
    }

    /** @return the file, for child processes */
    public Path path() {
        return region.path();
    }

    @Override
    public void close() {
        region.close();
        SharedRegion.delete(region.path());
    }
}
