package io.ipcring.stress;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real memory-mapped region per test JVM, carved into blocks for jcstress states: jcstress
 * creates thousands of state objects, far too many for a file each, so every state takes the next
 * block of this arena (cyclically; the arena holds many more blocks than jcstress keeps alive at
 * once) and zeroes it. The file is deleted right after it is mapped, so nothing is left in
 * /dev/shm however the JVM ends; the mapping stays valid until the JVM exits.
 */
public final class SharedMemoryArena {
    /** Bytes of one block. */
    public static final int BLOCK = 256;
    private static final int BLOCKS = 1 << 16;
    private static final RegionFormat FORMAT = new RegionFormat(0x57E55, 1, "jcstress-arena");
    private static final MappedMemory MEMORY = map();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private SharedMemoryArena() {
    }

    /** @return the arena's memory, shared by every state of this JVM */
    public static MappedMemory memory() {
        return MEMORY;
    }

    /**
     * Takes the next block, zeroed.
     *
     * @return the block's offset in {@link #memory()}, 128-byte aligned
     */
    public static int allocate() {
        int offset = RegionHeader.LENGTH * 2 + (NEXT.getAndIncrement() & (BLOCKS - 1)) * BLOCK;
        MEMORY.setMemory(offset, BLOCK, (byte) 0);
        return offset;
    }

    private static MappedMemory map() {
        Path path = Paths.get("/dev/shm", "ipcring-jcstress-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        SharedRegion region = SharedRegion.create(path, FORMAT, RegionHeader.LENGTH * 2 + (long) BLOCKS * BLOCK,
                RegionAccess.OWNER, m -> { });
        SharedRegion.delete(path);
        return region.memory();
    }
}
