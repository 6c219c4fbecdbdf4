package io.ipcring.ring.fanout;

import io.ipcring.ring.RingCorruptedException;
import java.nio.file.Path;

/**
 * The one place the fan-out rings ({@link BroadcastRing}, {@link WorkQueueRing}) build the
 * {@link RingCorruptedException} for an impossible value found in shared memory.
 */
final class FanoutCorruption {
    private FanoutCorruption() {
    }

    /**
     * @param file the ring file
     * @param what what was wrong, with name=value of what was found
     * @return the exception to throw
     */
    static RingCorruptedException corrupted(Path file, String what) {
        return new RingCorruptedException(file + ": corrupted ring: " + what);
    }
}
