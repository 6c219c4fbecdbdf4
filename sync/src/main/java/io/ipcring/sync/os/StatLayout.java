package io.ipcring.sync.os;

/**
 * The fields of the kernel's {@code struct stat} that ipcring reads, as {@code fstat} and
 * {@code lstat} fill it on Linux, at their offsets for this JVM's platform.
 *
 * <pre>
 * x86-64:  0 st_dev(8) | 8 st_ino(8) | 16 st_nlink(8) | 24 st_mode(4) | 28 st_uid(4) | 32 st_gid(4) ... 48 st_size(8) ... 144 bytes
 * aarch64: 0 st_dev(8) | 8 st_ino(8) | 16 st_mode(4) | 20 st_nlink(4) | 24 st_uid(4) | 28 st_gid(4) ... 48 st_size(8) ... 128 bytes
 * </pre>
 */
public final class StatLayout {
    /** Bytes to reserve for one {@code struct stat}: the larger of the two layouts, rounded up. */
    public static final int SIZE = 160;
    /** Offset of {@code st_dev} (a 64-bit word), the same on both platforms. */
    public static final int DEV_OFFSET = 0;
    /** Offset of {@code st_ino} (a 64-bit word), the same on both platforms. */
    public static final int INO_OFFSET = 8;
    /** Offset of {@code st_size} (a signed 64-bit word), the same on both platforms. */
    public static final int SIZE_OFFSET = 48;
    /** Offset of {@code st_mode} (an unsigned 32-bit word) on this platform. */
    public static final int MODE_OFFSET = modeOffset(Platform.CURRENT);
    /** Offset of {@code st_uid} (an unsigned 32-bit word) on this platform. */
    public static final int UID_OFFSET = uidOffset(Platform.CURRENT);

    /** The file type bits of {@code st_mode}. */
    public static final int S_IFMT = 0170000;
    /** A FIFO's (or pipe's) file type. */
    public static final int S_IFIFO = 0010000;
    /** A socket's file type. */
    public static final int S_IFSOCK = 0140000;

    private StatLayout() {
    }

    static int modeOffset(Platform platform) {
        return platform == Platform.LINUX_AARCH64 ? 16 : 24;
    }

    static int uidOffset(Platform platform) {
        return platform == Platform.LINUX_AARCH64 ? 24 : 28;
    }
}
