package io.ipcring.sync.os;

/**
 * The flags of {@link OsCalls#open} and {@link OsCalls#sem_open} that ipcring passes, with their
 * Linux values ({@code <asm-generic/fcntl.h>}, the same on x86-64 and aarch64), kept in one place
 * for every module.
 */
public final class OpenFlags {
    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for reading and writing. */
    public static final int O_RDWR = 02;
    /** Create the file (or semaphore) when absent. */
    public static final int O_CREAT = 0100;
    /** With {@link #O_CREAT}: fail with EEXIST when it is present. */
    public static final int O_EXCL = 0200;
    /** Close the descriptor when the process executes another program. */
    public static final int O_CLOEXEC = 02000000;

    private OpenFlags() {
    }
}
