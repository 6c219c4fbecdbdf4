package io.ipcring.ring;

import io.ipcring.sync.SharedMemoryException;
import java.nio.file.Path;

/**
 * Another process changed a ring's file under this mapping: it truncated the file (the missing
 * pages cannot be read or written any more, see {@link SharedMemoryException.Reason#TRUNCATED}),
 * or deleted and re-created it or renamed another file over it (processes that open the path now
 * use another ring, see {@link SharedMemoryException.Reason#REPLACED}). The endpoint that throws
 * it is unusable from then on: every later operation throws it again and {@link AutoCloseable#close()}
 * only unmaps (it writes nothing to a truncated file). The cause is the
 * {@link SharedMemoryException} that names the file and the sizes or identities found; its own
 * cause, when there is one, is the JVM's fault report.
 */
public final class RingFileChangedException extends RingCorruptedException {
    private static final long serialVersionUID = 1L;

    private final SharedMemoryException.Reason reason;
    private final transient Path path;

    /** @param cause what was found: reason {@code TRUNCATED} or {@code REPLACED}, the file and the values */
    public RingFileChangedException(SharedMemoryException cause) {
        super(cause.getMessage(), cause);
        this.reason = cause.reason();
        this.path = cause.path();
    }

    /** @return {@link SharedMemoryException.Reason#TRUNCATED} or {@link SharedMemoryException.Reason#REPLACED} */
    public SharedMemoryException.Reason reason() {
        return reason;
    }

    /** @return the ring's file */
    public Path path() {
        return path;
    }
}
