package io.ipcring.ring.journal;

import io.ipcring.ring.RingCorruptedException;
import java.nio.file.Path;

/**
 * A journal file (segment, meta or reader position) holds what this code never writes: the
 * message names the file and the offset ({@code FILE: corrupted journal at offset=N: what}).
 * A {@link RingCorruptedException}, so callers that handle a damaged ring handle this too.
 */
public final class JournalCorruptedException extends RingCorruptedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the damaged file
     * @param offset the file offset of the damaged word
     * @param what   what was found and what was expected, as name=value
     */
    public JournalCorruptedException(Path file, long offset, String what) {
        super(file + ": corrupted journal at offset=" + offset + ": " + what);
    }

    /**
     * @param file   the damaged file
     * @param offset the file offset of the damaged word
     * @param what   what was found and what was expected, as name=value
     * @param cause  the lower layer's report
     */
    public JournalCorruptedException(Path file, long offset, String what, Throwable cause) {
        super(file + ": corrupted journal at offset=" + offset + ": " + what, cause);
    }

    /**
     * Turns a header the region layer refused (wrong magic, kind, version or size: a damaged or
     * truncated file) into this exception; other reasons (missing, permission) stay as they are.
     *
     * @param e the region layer's exception
     * @return the exception to throw
     */
    static RuntimeException of(io.ipcring.sync.SharedMemoryException e) {
        switch (e.reason()) {
            case WRONG_MAGIC:
            case WRONG_KIND:
            case UNSUPPORTED_VERSION:
            case WRONG_SIZE:
                return new JournalCorruptedException(e.path(), 0, "header: " + e.getMessage(), e);
            default:
                return e;
        }
    }
}
