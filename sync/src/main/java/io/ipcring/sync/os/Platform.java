package io.ipcring.sync.os;

import java.util.Locale;

/**
 * The platforms the native layer supports — Linux on x86-64 and on aarch64 — and the numbers
 * that differ between them: system call numbers and the {@code struct stat} layout
 * ({@link StatLayout}). Every other platform gets a clear {@link UnsupportedOperationException}
 * from {@link #requireSupported()}.
 */
public enum Platform {
    /** Linux on x86-64 (amd64). */
    LINUX_X86_64(202, 262),
    /** Linux on aarch64 (arm64), the generic system call table. */
    LINUX_AARCH64(98, 79),
    /** Anything else: no native call is made. */
    UNSUPPORTED(-1, -1);

    /** This JVM's platform. */
    public static final Platform CURRENT = of(System.getProperty("os.name"), System.getProperty("os.arch"));

    private final long futexSyscall;
    private final long fstatatSyscall;

    Platform(long futexSyscall, long fstatatSyscall) {
        this.futexSyscall = futexSyscall;
        this.fstatatSyscall = fstatatSyscall;
    }

    /**
     * @param osName the {@code os.name} property
     * @param osArch the {@code os.arch} property
     * @return the platform they name
     */
    public static Platform of(String osName, String osArch) {
        if (osName == null || osArch == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return UNSUPPORTED;
        }
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return LINUX_X86_64;
            case "aarch64":
            case "arm64":
                return LINUX_AARCH64;
            default:
                return UNSUPPORTED;
        }
    }

    /** @return {@code SYS_futex} on this platform, -1 when unsupported */
    public long futexSyscall() {
        return futexSyscall;
    }

    /**
     * @return {@code SYS_newfstatat} on this platform (a {@code stat} of a path relative to a
     *         directory descriptor, filling a {@link StatLayout}), -1 when unsupported
     */
    public long fstatatSyscall() {
        return fstatatSyscall;
    }

    /** @return whether the native layer works here */
    public boolean isSupported() {
        return this != UNSUPPORTED;
    }

    /**
     * @return this JVM's platform
     * @throws UnsupportedOperationException naming the OS and architecture when it is not Linux
     *         on x86-64 or aarch64
     */
    public static Platform requireSupported() {
        if (!CURRENT.isSupported()) {
            throw new UnsupportedOperationException("ipcring needs Linux on x86-64 or aarch64; this is "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
        return CURRENT;
    }
}
