package io.ipcring.sync.os;

/**
 * The errno values ipcring tells apart, with their Linux numbers (the same on x86-64 and aarch64,
 * {@code <asm-generic/errno-base.h>} and {@code <asm-generic/errno.h>}), their symbols and the C
 * library's texts: one table for every module, so an error message reads the same whichever call
 * failed and whichever binding made it.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** No such process. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Input/output error. */
    public static final int EIO = 5;
    /** No such device or address. */
    public static final int ENXIO = 6;
    /** Argument list too long. */
    public static final int E2BIG = 7;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** No child processes. */
    public static final int ECHILD = 10;
    /** Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** Cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists. */
    public static final int EEXIST = 17;
    /** Not a directory. */
    public static final int ENOTDIR = 20;
    /** Is a directory. */
    public static final int EISDIR = 21;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Too many open files in system. */
    public static final int ENFILE = 23;
    /** Too many open files. */
    public static final int EMFILE = 24;
    /** File too large. */
    public static final int EFBIG = 27;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Illegal seek. */
    public static final int ESPIPE = 29;
    /** Read-only file system. */
    public static final int EROFS = 30;
    /** Broken pipe. */
    public static final int EPIPE = 32;
    /** Numerical result out of range. */
    public static final int ERANGE = 34;
    /** Resource deadlock avoided. */
    public static final int EDEADLK = 35;
    /** File name too long. */
    public static final int ENAMETOOLONG = 36;
    /** Function not implemented. */
    public static final int ENOSYS = 38;
    /** No message of desired type. */
    public static final int ENOMSG = 42;
    /** Identifier removed. */
    public static final int EIDRM = 43;
    /** Value too large for defined data type. */
    public static final int EOVERFLOW = 75;
    /** Socket operation on non-socket. */
    public static final int ENOTSOCK = 88;
    /** Message too long. */
    public static final int EMSGSIZE = 90;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** Address already in use. */
    public static final int EADDRINUSE = 98;
    /** Software caused connection abort. */
    public static final int ECONNABORTED = 103;
    /** Connection reset by peer. */
    public static final int ECONNRESET = 104;
    /** Transport endpoint is not connected. */
    public static final int ENOTCONN = 107;
    /** Connection timed out. */
    public static final int ETIMEDOUT = 110;
    /** Connection refused. */
    public static final int ECONNREFUSED = 111;
    /** Owner died. */
    public static final int EOWNERDEAD = 130;

    private Errno() {
    }

    /**
     * @param errno an errno value
     * @return its symbol, e.g. {@code "EINVAL"}, or {@code "errno " + errno} when this table lacks it
     */
    public static String name(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case ESRCH: return "ESRCH";
            case EINTR: return "EINTR";
            case EIO: return "EIO";
            case ENXIO: return "ENXIO";
            case E2BIG: return "E2BIG";
            case EBADF: return "EBADF";
            case ECHILD: return "ECHILD";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case ENOTDIR: return "ENOTDIR";
            case EISDIR: return "EISDIR";
            case EINVAL: return "EINVAL";
            case ENFILE: return "ENFILE";
            case EMFILE: return "EMFILE";
            case EFBIG: return "EFBIG";
            case ENOSPC: return "ENOSPC";
            case ESPIPE: return "ESPIPE";
            case EROFS: return "EROFS";
            case EPIPE: return "EPIPE";
            case ERANGE: return "ERANGE";
            case EDEADLK: return "EDEADLK";
            case ENAMETOOLONG: return "ENAMETOOLONG";
            case ENOSYS: return "ENOSYS";
            case ENOMSG: return "ENOMSG";
            case EIDRM: return "EIDRM";
            case EOVERFLOW: return "EOVERFLOW";
            case ENOTSOCK: return "ENOTSOCK";
            case EMSGSIZE: return "EMSGSIZE";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            case EADDRINUSE: return "EADDRINUSE";
            case ECONNABORTED: return "ECONNABORTED";
            case ECONNRESET: return "ECONNRESET";
            case ENOTCONN: return "ENOTCONN";
            case ETIMEDOUT: return "ETIMEDOUT";
            case ECONNREFUSED: return "ECONNREFUSED";
            case EOWNERDEAD: return "EOWNERDEAD";
            default: return "errno " + errno;
        }
    }

    /**
     * @param errno an errno value
     * @return its symbol, number and text, e.g. {@code "EINVAL (22): Invalid argument"}, for
     *         error messages
     */
    public static String describe(int errno) {
        return name(errno) + " (" + errno + "): " + text(errno);
    }

    /**
     * @param errno an errno value
     * @return the C library's text for it; this table's own for the values it names, so a message
     *         never depends on the locale or on a native call
     */
    public static String text(int errno) {
        switch (errno) {
            case EPERM: return "Operation not permitted";
            case ENOENT: return "No such file or directory";
            case ESRCH: return "No such process";
            case EINTR: return "Interrupted system call";
            case EIO: return "Input/output error";
            case ENXIO: return "No such device or address";
            case E2BIG: return "Argument list too long";
            case EBADF: return "Bad file descriptor";
            case ECHILD: return "No child processes";
            case EAGAIN: return "Resource temporarily unavailable";
            case ENOMEM: return "Cannot allocate memory";
            case EACCES: return "Permission denied";
            case EFAULT: return "Bad address";
            case EBUSY: return "Device or resource busy";
            case EEXIST: return "File exists";
            case ENOTDIR: return "Not a directory";
            case EISDIR: return "Is a directory";
            case EINVAL: return "Invalid argument";
            case ENFILE: return "Too many open files in system";
            case EMFILE: return "Too many open files";
            case EFBIG: return "File too large";
            case ENOSPC: return "No space left on device";
            case ESPIPE: return "Illegal seek";
            case EROFS: return "Read-only file system";
            case EPIPE: return "Broken pipe";
            case ERANGE: return "Numerical result out of range";
            case EDEADLK: return "Resource deadlock avoided";
            case ENAMETOOLONG: return "File name too long";
            case ENOSYS: return "Function not implemented";
            case ENOMSG: return "No message of desired type";
            case EIDRM: return "Identifier removed";
            case EOVERFLOW: return "Value too large for defined data type";
            case ENOTSOCK: return "Socket operation on non-socket";
            case EMSGSIZE: return "Message too long";
            case EOPNOTSUPP: return "Operation not supported";
            case EADDRINUSE: return "Address already in use";
            case ECONNABORTED: return "Software caused connection abort";
            case ECONNRESET: return "Connection reset by peer";
            case ENOTCONN: return "Transport endpoint is not connected";
            case ETIMEDOUT: return "Connection timed out";
            case ECONNREFUSED: return "Connection refused";
            case EOWNERDEAD: return "Owner died";
            default: return Os.CALLS.strerror(errno);
        }
    }
}
