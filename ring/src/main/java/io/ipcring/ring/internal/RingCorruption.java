package io.ipcring.ring.internal;

import io.ipcring.ring.RingCorruptedException;
import java.nio.file.Path;

/**
 * The one place every ring family builds the {@link RingCorruptedException} for an impossible
 * value found in a ring file, so every message reads {@code FILE: corrupted ring: WHAT}.
 */
public final class RingCorruption {
    private RingCorruption() {
    }

    /**
     * @param file the ring file
     * @param what what was wrong, with name=value of what was found
     * @return the exception to throw
     */
    public static RingCorruptedException corrupted(Path file, String what) {
        return corrupted(file.toString(), what);
    }

    /**
     * @param file the ring file's path, as text
     * @param what what was wrong, with name=value of what was found
     * @return the exception to throw
     */
    public static RingCorruptedException corrupted(String file, String what) {
        return new RingCorruptedException(file + ": corrupted ring: " + what);
    }
}
