package io.ipcring.sync;

import io.ipcring.sync.SharedMemoryException.Reason;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.OpenFlags;
import io.ipcring.sync.os.Os;
import io.ipcring.sync.os.Platform;
import io.ipcring.sync.os.StatLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * The open file behind a mapped region: a descriptor kept for the mapping's lifetime, so that
 * what another process does to the file can be seen without touching the mapping. {@link #size()}
 * is the file's size now ({@code fstat}): shorter than the mapping means the pages past it are
 * gone, and any access to them raises SIGBUS. {@link #checkIdentity()} compares the file mapped
 * (its device and inode, taken from the descriptor) with what the path names now.
 *
 * <p>Each check is a system call: for cold paths (close, a full ring, a timeout, statistics),
 * never per message. They allocate nothing: the {@code struct stat} and the path's bytes are in
 * direct buffers made once, and the path is looked up with the raw {@code newfstatat} system
 * call. Thread-safe; {@link #close()} is idempotent and later checks report the file as intact
 * and unchanged (there is no mapping left to protect).
 */
final class RegionFile implements AutoCloseable {
    /** {@code AT_FDCWD}: a relative path of {@code newfstatat} is the working directory's. */
    private static final int AT_FDCWD = -100;
    private static final long SYS_FSTATAT = Platform.CURRENT.fstatatSyscall();

    private final Path path;
    private final long device;
    private final long inode;
    /** One {@code struct stat}, filled by every check; guarded by this. */
    private final ByteBuffer stat = statBuffer();
    private final long statAddress = Os.CALLS.address(stat);
    /** The path, UTF-8 and NUL-terminated, for {@code newfstatat}. */
    private final ByteBuffer pathBytes;
    private final long pathAddress;
    private int fd;

    private RegionFile(Path path, int fd, long device, long inode) {
        this.path = path;
        this.fd = fd;
        this.device = device;
        this.inode = inode;
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        this.pathBytes = ByteBuffer.allocateDirect(bytes.length + 1).put(bytes).put((byte) 0);
        this.pathAddress = Os.CALLS.address(pathBytes);
    }

    /**
     * Opens a file and takes its identity from the descriptor.
     *
     * @param path     the file, absolute
     * @param readOnly open for reading only instead of reading and writing
     * @return the open file
     * @throws NoSuchFileException   when there is no file (a dangling link included)
     * @throws AccessDeniedException when the process may not open it so
     * @throws IOException           on any other failure
     */
    static RegionFile open(Path path, boolean readOnly) throws IOException {
        int fd = Os.CALLS.open(path.toString(),
                (readOnly ? OpenFlags.O_RDONLY : OpenFlags.O_RDWR) | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0) {
            throw openFailure(path, Os.CALLS.errno());
        }
        return adopt(path, fd);
    }

    /**
     * Takes ownership of an open descriptor.
     *
     * @param path the file's path, for messages and {@link #checkIdentity()}
     * @param fd   a descriptor of it, closed by {@link #close()} from now on (also when this throws)
     * @return the open file
     * @throws IOException when the descriptor cannot be stat'ed
     */
    static RegionFile adopt(Path path, int fd) throws IOException {
        ByteBuffer stat = statBuffer();
        if (Os.CALLS.fstat(fd, Os.CALLS.address(stat)) != 0) {
            int errno = Os.CALLS.errno();
            Os.CALLS.close(fd);
            throw new IOException("fstat(" + path + ") failed: " + Errno.describe(errno));
        }
        return new RegionFile(path, fd, stat.getLong(StatLayout.DEV_OFFSET), stat.getLong(StatLayout.INO_OFFSET));
    }

    static IOException openFailure(Path path, int errno) {
        if (errno == Errno.EACCES || errno == Errno.EPERM) {
            return new AccessDeniedException(path.toString());
        }
        if (errno == Errno.ENOENT) {
            return new NoSuchFileException(path.toString());
        }
        return new IOException("open(" + path + ") failed: " + Errno.describe(errno));
    }

    /**
     * Maps the file's first {@code length} bytes, through the descriptor (its {@code /proc/self/fd}
     * link), so the mapping is of this very file even if the path was replaced meanwhile.
     *
     * @param length   bytes to map
     * @param readOnly map read-only
     * @return the mapping
     * @throws IOException when it cannot be mapped
     */
    synchronized MappedMemory map(long length, boolean readOnly) throws IOException {
        Path link = Paths.get("/proc/self/fd/" + fd);
        try (FileChannel channel = readOnly
                ? FileChannel.open(link, StandardOpenOption.READ)
                : FileChannel.open(link, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new MappedMemory(Os.CALLS.map(channel, readOnly, length));
        }
    }

    /** @return the descriptor, for {@code posix_fallocate} and {@code fchmod} while creating */
    synchronized int fd() {
        return fd;
    }

    /**
     * @return the file's size now, or -1 once closed
     * @throws SharedMemoryException when {@code fstat} fails
     */
    synchronized long size() {
        if (fd < 0) {
            return -1;
        }
        if (Os.CALLS.fstat(fd, statAddress) != 0) {
            throw new SharedMemoryException(Reason.IO_ERROR, path, "fstat failed: " + Errno.describe(Os.CALLS.errno()));
        }
        return stat.getLong(StatLayout.SIZE_OFFSET);
    }

    /**
     * @param length the mapped length
     * @throws SharedMemoryException with {@link Reason#TRUNCATED} when the file is shorter
     */
    void checkSize(long length) {
        long size = size();
        if (size >= 0 && size < length) {
            throw new SharedMemoryException(Reason.TRUNCATED, path, "the file was truncated by another process to size="
                    + size + " bytes while mapped with length=" + length + ": the region is unusable (the missing"
                    + " pages cannot be read or written); close it and create the file anew");
        }
    }

    /**
     * Compares the mapped file with what the path names now (following links). A path that
     * names nothing is no replacement: the processes attached still share the mapped file.
     *
     * @throws SharedMemoryException with {@link Reason#REPLACED} when the path names another file
     */
    void checkIdentity() {
        long nowDevice;
        long nowInode;
        synchronized (this) {
            if (fd < 0) {
                return;
            }
            if (Os.CALLS.syscall(SYS_FSTATAT, AT_FDCWD, pathAddress, statAddress, 0, 0) != 0) {
                return; // no file at the path (deleted), or the directory became unsearchable
            }
            nowDevice = stat.getLong(StatLayout.DEV_OFFSET);
            nowInode = stat.getLong(StatLayout.INO_OFFSET);
        }
        if (nowDevice != device || nowInode != inode) {
            throw new SharedMemoryException(Reason.REPLACED, path, "the file was replaced: mapped inode=" + inode
                    + " on dev=" + device + ", the path now names inode=" + nowInode + " on dev=" + nowDevice
                    + " (deleted and re-created, or renamed over, by another process); processes that open the path"
                    + " now use another file, so this mapping is cut off from them: close it and open the path again");
        }
    }

    /** @return the mapped file's device ({@code st_dev}) */
    long device() {
        return device;
    }

    /** @return the mapped file's inode ({@code st_ino}) */
    long inode() {
        return inode;
    }

    /** Closes the descriptor; idempotent. */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Os.CALLS.close(fd);
            fd = -1;
        }
    }

    private static ByteBuffer statBuffer() {
        return ByteBuffer.allocateDirect(StatLayout.SIZE).order(ByteOrder.nativeOrder());
    }
}
