package io.ipcring.ring;

import java.nio.file.Path;

/**
 * The one place the fan-out rings ({@link BroadcastRing}, {@link WorkQueueRing}) build the
 * exception for an impossible value found in shared memory, so the exception type can be swapped
 * in one line.
 */
final class FanoutCorruption {
    private FanoutCorruption() {
    }

    /**
     * @param file the ring file
     * @param what what was wrong, with name=value of what was found
     * @return the exception to throw
     */
    static RingStateCorruptedException corrupted(Path file, String what) {
        return new RingStateCorruptedException(file + ": corrupted ring: " + what);
    }
}
