package io.ipcring.sync;

import io.ipcring.sync.os.Errno;

/**
 * An operating-system semaphore call ({@link PosixNamedSemaphore}, {@link SysVSemaphoreSet})
 * failed. {@link #reason()} says why in a form a caller can switch on; {@link #errno()} and
 * {@link #errnoName()} keep the system's own answer, and the message names the call and the
 * values it was given.
 */
public final class OsSemaphoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Reason {
        /** No semaphore of that name, no set for that key, or no such file (ENOENT). */
        NOT_FOUND,
        /** One already exists under that name or key (EEXIST). */
        ALREADY_EXISTS,
        /** The process lacks the permission the call needs (EACCES, EPERM). */
        PERMISSION_DENIED,
        /** The system rejected an argument (EINVAL, ENAMETOOLONG, EFBIG). */
        INVALID_ARGUMENT,
        /** The value would leave the semaphore's range (EOVERFLOW, ERANGE). */
        VALUE_OUT_OF_RANGE,
        /** The System V set was removed, possibly while the caller waited (EIDRM). */
        REMOVED,
        /** A system-wide or per-process limit is reached (ENOSPC, ENOMEM, EMFILE, ENFILE). */
        LIMIT_REACHED,
        /** More operations in one call than the system allows (E2BIG). */
        TOO_MANY_OPERATIONS,
        /** Any other error number. */
        OTHER
    }

    private final Reason reason;
    private final int errno;

    /**
     * @param reason  why
     * @param errno   the error number the system returned
     * @param message the call and the values it was given
     */
    public OsSemaphoreException(Reason reason, int errno, String message) {
        super(message + ": " + Errno.name(errno) + " (" + reason + ")");
        this.reason = reason;
        this.errno = errno;
    }

    /**
     * Builds the exception for an error number, choosing the reason from it.
     *
     * @param errno   the error number the system returned
     * @param message the call and the values it was given
     * @return the exception to throw
     */
    static OsSemaphoreException of(int errno, String message) {
        return new OsSemaphoreException(reasonOf(errno), errno, message);
    }

    static Reason reasonOf(int errno) {
        switch (errno) {
            case Errno.ENOENT:
                return Reason.NOT_FOUND;
            case Errno.EEXIST:
                return Reason.ALREADY_EXISTS;
            case Errno.EACCES:
            case Errno.EPERM:
                return Reason.PERMISSION_DENIED;
            case Errno.EINVAL:
            case Errno.ENAMETOOLONG:
            case Errno.EFBIG:
                return Reason.INVALID_ARGUMENT;
            case Errno.EOVERFLOW:
            case Errno.ERANGE:
                return Reason.VALUE_OUT_OF_RANGE;
            case Errno.EIDRM:
                return Reason.REMOVED;
            case Errno.ENOSPC:
            case Errno.ENOMEM:
            case Errno.EMFILE:
            case Errno.ENFILE:
                return Reason.LIMIT_REACHED;
            case Errno.E2BIG:
                return Reason.TOO_MANY_OPERATIONS;
            default:
                return Reason.OTHER;
        }
    }

    /** @return why the call failed */
    public Reason reason() {
        return reason;
    }

    /** @return the error number the system returned */
    public int errno() {
        return errno;
    }

    /** @return the error number's symbolic name, such as {@code "EEXIST"} */
    public String errnoName() {
        return Errno.name(errno);
    }
}
