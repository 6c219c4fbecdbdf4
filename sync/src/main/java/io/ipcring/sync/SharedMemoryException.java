package io.ipcring.sync;

import java.nio.file.Path;

/**
 * A shared-memory file could not be created or opened, or holds something other than expected.
 * {@link #reason()} tells which, so callers can react (for example create the file when it is
 * {@link Reason#MISSING}).
 */
public final class SharedMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Reason {
        /** No file at that path. */
        MISSING,
        /** A file is already at that path (create). */
        ALREADY_EXISTS,
        /** The file does not start with the ipcring magic: not an ipcring file, or overwritten. */
        WRONG_MAGIC,
        /** The file's layout version is not the one this code reads. */
        UNSUPPORTED_VERSION,
        /** The file holds another kind of structure. */
        WRONG_KIND,
        /** The file is shorter or longer than its header says, or than the kind needs. */
        WRONG_SIZE,
        /** The process may not read or write the file. */
        PERMISSION_DENIED,
        /** The file system has no room for the region, or it exceeds the process's file size limit. */
        NO_SPACE,
        /**
         * The file became shorter than its mapping while mapped (another process truncated it):
         * the missing pages cannot be read or written, and the region is unusable.
         */
        TRUNCATED,
        /**
         * The path names another file than the one mapped (deleted and re-created, or renamed
         * over, by another process): processes that open the path now share another region.
         */
        REPLACED,
        /** Any other I/O failure. */
        IO_ERROR
    }

    private final Reason reason;
    private final transient Path path;

    /**
     * @param reason  why
     * @param path    the file concerned
     * @param message what was wrong, with the values found
     * @param cause   the underlying exception, or null
     */
    public SharedMemoryException(Reason reason, Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.reason = reason;
        this.path = path;
    }

    /**
     * @param reason  why
     * @param path    the file concerned
     * @param message what was wrong, with the values found
     */
    public SharedMemoryException(Reason reason, Path path, String message) {
        this(reason, path, message, null);
    }

    /** @return why the operation failed */
    public Reason reason() {
        return reason;
    }

    /** @return the file concerned */
    public Path path() {
        return path;
    }
}
