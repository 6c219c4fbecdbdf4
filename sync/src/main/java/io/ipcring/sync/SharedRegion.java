package io.ipcring.sync;

import io.ipcring.sync.SharedMemoryException.Reason;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.OpenFlags;
import io.ipcring.sync.os.Os;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A named shared-memory region: a file (in {@code /dev/shm} by default, or on any file system
 * that supports shared mappings) mapped into this process, starting with a validated
 * {@link RegionHeader}.
 *
 * <p>{@link #create} reserves the file's whole size up front ({@code posix_fallocate}), so a full
 * file system fails the creation with {@link Reason#NO_SPACE} instead of killing the JVM with
 * SIGBUS on a later write; it writes the header and the caller's initial layout under a temporary
 * name and links the file into place only when complete, so {@link #open} never sees a
 * half-written file. {@link #open} checks the magic, the kind, the layout version and the size,
 * and names what is wrong in a {@link SharedMemoryException}.
 *
 * <p>A region is limited to {@link #MAX_LENGTH} bytes (one {@link java.nio.ByteBuffer}).
 * {@link #close()} unmaps the memory at once; the file stays until {@link #delete(Path)}.
 *
 * <p>The region keeps its file open while mapped, so what another process does to the file can
 * be seen off the hot path: {@link #isIntact()} tells whether it was truncated below the mapping
 * (an access to the missing pages would fault), {@link #checkFile()} also whether the path was
 * given to another file.
 */
public final class SharedRegion implements AutoCloseable {
    /** The largest region one mapping can hold. */
    public static final long MAX_LENGTH = Integer.MAX_VALUE;
    /** A path that names nothing on Linux: {@code /proc/self/fd} holds numbers only. */
    /** msync's flag to write back and wait (Linux's value on x86-64 and aarch64). */
    private static final int MS_SYNC = 4;
    /** The smallest page size: ranges are widened to it first. */
    private static final long SMALL_PAGE = 4096;

    private static final Path NO_SUCH_FILE = Paths.get("/proc/self/fd/-1");
    /** Late fault reports one {@link #takeLateFaultReport()} drops at most. */
    private static final int LATE_REPORT_ATTEMPTS = 3;
    /** System property naming the default directory for region names. */
    public static final String DIRECTORY_PROPERTY = "ipcring.dir";

    private final Path path;
    private final RegionFormat format;
    private final MappedMemory memory;
    private final RegionFile file;
    private final boolean readOnly;

    private SharedRegion(Path path, RegionFormat format, MappedMemory memory, RegionFile file, boolean readOnly) {
        this.path = path;
        this.format = format;
        this.memory = memory;
        this.file = file;
        this.readOnly = readOnly;
    }

    /**
     * The directory plain region names resolve in: the {@value #DIRECTORY_PROPERTY} system
     * property when set, else {@code /dev/shm}.
     *
     * @return the directory
     */
    public static Path defaultDirectory() {
        return Paths.get(System.getProperty(DIRECTORY_PROPERTY, "/dev/shm"));
    }

    /**
     * Resolves a region name: an absolute path is used as it is, a plain name is placed in
     * {@link #defaultDirectory()}.
     *
     * @param name a file name or an absolute path
     * @return the path of the region's file
     */
    public static Path pathOf(String name) {
        Objects.requireNonNull(name, "name");
        Path p = Paths.get(name);
        return p.isAbsolute() ? p : defaultDirectory().resolve(name);
    }

    /**
     * Creates a region and its file, failing if the file exists.
     *
     * @param path        where the file goes
     * @param format      the kind and version written in the header
     * @param length      the file size in bytes, at least {@link RegionHeader#LENGTH}
     * @param access      who may open the file
     * @param initializer writes the kind's initial layout after the header, before the file
     *                    becomes visible to other processes; may be a no-op
     * @return the region, mapped read-write
     * @throws SharedMemoryException with {@link Reason#ALREADY_EXISTS}, {@link Reason#NO_SPACE},
     *                               {@link Reason#PERMISSION_DENIED} or {@link Reason#IO_ERROR}
     */
    public static SharedRegion create(Path path, RegionFormat format, long length, RegionAccess access,
                                      Consumer<MappedMemory> initializer) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(initializer, "initializer");
        if (length < RegionHeader.LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length=" + length + " must be in ["
                    + RegionHeader.LENGTH + ", " + MAX_LENGTH + "]");
        }
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new SharedMemoryException(Reason.ALREADY_EXISTS, absolute, "a file already exists there");
        }
        if (Files.isSymbolicLink(absolute)) {
            throw danglingLink(absolute, null);
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "."
                + ProcessHandle.current().pid() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".creating");
        RegionFile file = null;
        MappedMemory memory = null;
        try {
            file = reserve(temporary, absolute, length, access);
            memory = file.map(length, false);
            initializer.accept(memory);
            memory.putLong(RegionHeader.LENGTH_OFFSET, length);
            memory.putLong(RegionHeader.CREATOR_PID_OFFSET, ProcessIdentity.current().pid());
            memory.putLong(RegionHeader.CREATOR_START_TICKS_OFFSET, ProcessIdentity.current().startTicks());
            memory.putLong(RegionHeader.CREATION_TIME_OFFSET, System.currentTimeMillis());
            memory.putInt(RegionHeader.VERSION_OFFSET, format.version());
            memory.putInt(RegionHeader.KIND_OFFSET, format.kind());
            // Release: pairs with the acquire read of the magic in validate(); every header and
            // layout write above is visible to whoever sees the magic.
            memory.putLongRelease(RegionHeader.MAGIC_OFFSET, RegionHeader.MAGIC);
            try {
                Files.createLink(absolute, temporary);
            } catch (FileAlreadyExistsException e) {
                if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
                    throw danglingLink(absolute, e);
                }
                throw new SharedMemoryException(Reason.ALREADY_EXISTS, absolute,
                        "another process created the file first", e);
            }
            SharedRegion region = new SharedRegion(absolute, format, memory, file, false);
            memory = null;
            file = null;
            return region;
        } catch (AccessDeniedException e) {
            throw new SharedMemoryException(Reason.PERMISSION_DENIED, absolute, "permission denied", e);
        } catch (NoSuchFileException e) {
            throw new SharedMemoryException(Reason.MISSING, absolute, "the directory does not exist", e);
        } catch (IOException e) {
            throw new SharedMemoryException(Reason.IO_ERROR, absolute, e.toString(), e);
        } finally {
            if (memory != null) {
                memory.unmap();
            }
            if (file != null) {
                file.close();
            }
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary name is unique to this call; a leftover is harmless and visible
            }
        }
    }

    /**
     * Opens an existing region read-write and validates its header against {@code format}.
     *
     * @param path   the file
     * @param format the kind and version expected
     * @return the region
     * @throws SharedMemoryException naming what is wrong: {@link Reason#MISSING},
     *                               {@link Reason#PERMISSION_DENIED}, {@link Reason#WRONG_MAGIC},
     *                               {@link Reason#WRONG_KIND}, {@link Reason#UNSUPPORTED_VERSION},
     *                               {@link Reason#WRONG_SIZE}
     */
    public static SharedRegion open(Path path, RegionFormat format) {
        Objects.requireNonNull(format, "format");
        return open(path, format, false);
    }

    /**
     * Opens an existing region read-only, for monitoring tools: any writing access throws
     * {@link java.nio.ReadOnlyBufferException}. The header's magic and size are validated; kind
     * and version are the caller's to check ({@link #kind()}, {@link #version()}).
     *
     * @param path the file
     * @return the region
     * @throws SharedMemoryException naming what is wrong
     */
    public static SharedRegion openReadOnly(Path path) {
        return open(path, null, true);
    }

    /**
     * Creates the region, or opens it when another process created it first (or earlier).
     *
     * @param path        the file
     * @param format      kind and version
     * @param length      the size used when creating; an existing file must have it too
     * @param access      who may open a file this call creates
     * @param initializer the initial layout, when this call creates the file
     * @return the region
     */
    public static SharedRegion openOrCreate(Path path, RegionFormat format, long length, RegionAccess access,
                                            Consumer<MappedMemory> initializer) {
        for (int attempt = 0; ; attempt++) {
            try {
                SharedRegion region = open(path, format);
                if (region.length() != length) {
                    long found = region.length();
                    region.close();
                    throw new SharedMemoryException(Reason.WRONG_SIZE, region.path(),
                            "existing region has length " + found + ", expected " + length);
                }
                return region;
            } catch (SharedMemoryException e) {
                if (e.reason() != Reason.MISSING) {
                    throw e;
                }
            }
            try {
                return create(path, format, length, access, initializer);
            } catch (SharedMemoryException e) {
                if (e.reason() != Reason.ALREADY_EXISTS || attempt > 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes a region's file. Processes that have it mapped keep their mapping until they close
     * it; the name is free at once.
     *
     * @param path the file
     * @return true if a file was deleted, false if there was none
     */
    public static boolean delete(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new SharedMemoryException(Reason.IO_ERROR, path, "cannot delete: " + e, e);
        }
    }

    private static SharedRegion open(Path path, RegionFormat format, boolean readOnly) {
        Objects.requireNonNull(path, "path");
        Path absolute = path.toAbsolutePath();
        RegionFile file;
        try {
            file = RegionFile.open(absolute, readOnly);
        } catch (NoSuchFileException e) {
            throw new SharedMemoryException(Reason.MISSING, absolute, Files.isSymbolicLink(absolute)
                    ? "a dangling symbolic link to " + linkTarget(absolute) + ", which does not exist" : "no such file", e);
        } catch (AccessDeniedException e) {
            throw new SharedMemoryException(Reason.PERMISSION_DENIED, absolute,
                    "permission denied (" + (readOnly ? "read" : "read-write") + " access)", e);
        } catch (IOException e) {
            throw new SharedMemoryException(Reason.IO_ERROR, absolute, e.toString(), e);
        }
        MappedMemory memory = null;
        try {
            long size = file.size();
            if (size < RegionHeader.LENGTH) {
                throw new SharedMemoryException(Reason.WRONG_SIZE, absolute, "file is " + size
                        + " bytes, shorter than the " + RegionHeader.LENGTH + "-byte header: truncated or not an ipcring file");
            }
            if (size > MAX_LENGTH) {
                throw new SharedMemoryException(Reason.WRONG_SIZE, absolute, "file is " + size
                        + " bytes, more than the largest region (" + MAX_LENGTH + ")");
            }
            try {
                memory = file.map(size, readOnly);
            } catch (IOException e) {
                throw new SharedMemoryException(Reason.IO_ERROR, absolute, e.toString(), e);
            }
            RegionFormat found = validate(absolute, memory, format, size);
            return new SharedRegion(absolute, found, memory, file, readOnly);
        } catch (RuntimeException e) {
            if (memory != null) {
                memory.unmap();
            }
            file.close();
            throw e;
        }
    }

    /**
     * A symbolic link whose target does not exist holds the name: a create cannot link its file
     * there, and it is no region to open.
     */
    private static SharedMemoryException danglingLink(Path link, Throwable cause) {
        return new SharedMemoryException(Reason.ALREADY_EXISTS, link, "the path is a dangling symbolic link to "
                + linkTarget(link) + ", which does not exist: remove the link, or create the ring at its target", cause);
    }

    private static String linkTarget(Path link) {
        try {
            return "'" + Files.readSymbolicLink(link) + "'";
        } catch (IOException e) {
            return "a target that cannot be read (" + e + ")";
        }
    }

    private static RegionFormat validate(Path path, MappedMemory memory, RegionFormat expected, long size) {
        // Acquire: pairs with the release store of the magic in create().
        long magic = memory.getLongAcquire(RegionHeader.MAGIC_OFFSET);
        if (magic != RegionHeader.MAGIC) {
            throw new SharedMemoryException(Reason.WRONG_MAGIC, path, String.format(
                    "magic is 0x%016x, expected 0x%016x (\"IPCRING1\"): not an ipcring file, or overwritten",
                    magic, RegionHeader.MAGIC));
        }
        int kind = memory.getInt(RegionHeader.KIND_OFFSET);
        int version = memory.getInt(RegionHeader.VERSION_OFFSET);
        long length = memory.getLong(RegionHeader.LENGTH_OFFSET);
        if (expected != null && kind != expected.kind()) {
            throw new SharedMemoryException(Reason.WRONG_KIND, path, "holds kind " + kind
                    + ", expected " + expected.kind() + " (" + expected.name() + ")");
        }
        if (expected != null && version != expected.version()) {
            throw new SharedMemoryException(Reason.UNSUPPORTED_VERSION, path, "layout version " + version
                    + " of " + expected.name() + ", this code reads version " + expected.version());
        }
        if (length != size) {
            throw new SharedMemoryException(Reason.WRONG_SIZE, path, "file is " + size
                    + " bytes but its header says " + length + ": truncated or extended");
        }
        return expected != null ? expected : new RegionFormat(kind == 0 ? -1 : kind, version == 0 ? -1 : version, "unknown");
    }

    /** Creates the file under its temporary name and reserves its size; the result names the final path. */
    private static RegionFile reserve(Path file, Path region, long length, RegionAccess access) throws IOException {
        int fd = Os.CALLS.open(file.toString(),
                OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_CLOEXEC, access.mode());
        if (fd < 0) {
            throw RegionFile.openFailure(file, Os.CALLS.errno());
        }
        RegionFile opened = RegionFile.adopt(region, fd);
        try {
            // fchmod: the umask must not narrow or the caller's access choice is lost
            if (Os.CALLS.fchmod(fd, access.mode()) != 0) {
                throw new IOException("fchmod(" + file + ") failed: " + Errno.describe(Os.CALLS.errno()));
            }
            int error = Os.CALLS.posix_fallocate(fd, 0, length);
            if (error == Errno.ENOSPC) {
                throw new SharedMemoryException(Reason.NO_SPACE, region, "no room for " + length
                        + " bytes on " + file.getParent() + " (df it, or choose a smaller region)");
            }
            if (error == Errno.EFBIG) {
                throw new SharedMemoryException(Reason.NO_SPACE, region, length + " bytes exceed this process's"
                        + " file size limit (RLIMIT_FSIZE, see ulimit -f)");
            }
            if (error != 0) {
                throw new IOException("posix_fallocate(" + file + ", " + length + ") failed: "
                        + Errno.describe(error));
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** @return the region's file */
    public Path path() {
        return path;
    }

    /** @return the mapped memory, header included; the kind's layout starts at {@link RegionHeader#LENGTH} */
    public MappedMemory memory() {
        return memory;
    }

    /** @return the format the region was opened as (for a read-only open: what the header says) */
    public RegionFormat format() {
        return format;
    }

    /** @return the kind stored in the header */
    public int kind() {
        return memory.getInt(RegionHeader.KIND_OFFSET);
    }

    /** @return the layout version stored in the header */
    public int version() {
        return memory.getInt(RegionHeader.VERSION_OFFSET);
    }

    /** @return the region length in bytes, header included */
    public long length() {
        return memory.capacity();
    }

    /** @return the id of the process that created the region */
    public long creatorPid() {
        return memory.getLong(RegionHeader.CREATOR_PID_OFFSET);
    }

    /** @return the process that created the region; start ticks 0 when the file predates that field */
    public ProcessIdentity creator() {
        return new ProcessIdentity(creatorPid(), memory.getLong(RegionHeader.CREATOR_START_TICKS_OFFSET));
    }

    /** @return when the region was created, in milliseconds since the epoch */
    public long creationTimeMillis() {
        return memory.getLong(RegionHeader.CREATION_TIME_OFFSET);
    }

    /** @return true when mapped read-only */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Whether the mapping is still backed by its file: false when another process truncated the
     * file below the mapped length, so that an access to the missing pages would fault. A system
     * call ({@code fstat}): for cold paths only, such as before a close writes its last words to
     * shared memory. True once closed.
     *
     * @return true when every mapped byte is still in the file
     */
    public boolean isIntact() {
        long size = file.size();
        return size < 0 || size >= memory.capacity();
    }

    /**
     * Checks that the mapping is still backed by its file and that the path still names it. Two
     * system calls ({@code fstat}, {@code stat}): for cold paths only.
     *
     * @throws SharedMemoryException with {@link Reason#TRUNCATED} when another process truncated
     *                               the file below the mapped length, or {@link Reason#REPLACED}
     *                               when the path names another file now (deleted and
     *                               re-created, or renamed over); a path that names nothing
     *                               passes
     */
    public void checkFile() {
        file.checkSize(memory.capacity());
        file.checkIdentity();
    }

    /**
     * Takes a late report of a fault in an access to this region's truncated file, which the JVM
     * may still hold: it reports a fault of compiled code (and on Java 17 of interpreted code)
     * only at the next safepoint poll, call into the VM or JNI call, whichever thread code that
     * is. This makes a JNI call that checks for exceptions (an {@code lstat} of a path that does
     * not exist, whose exception the JDK's native code builds with such checks) and drops such a
     * report, an {@link InternalError} about an unsafe memory access, when the file is truncated;
     * any other error is thrown. A cold path's call, before code that must not get the report: the JDK's
     * unmap on Java 17 runs in a cleaner that exits the JVM on any throwable.
     */
    public void takeLateFaultReport() {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.exists(NO_SUCH_FILE, LinkOption.NOFOLLOW_LINKS);
                return;
            } catch (InternalError e) {
                if (attempt >= LATE_REPORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("unsafe memory access")
                        || isIntact()) {
                    throw e;
                }
            }
        }
    }

    /**
     * Unmaps the region and closes its file; the file stays. No thread may use {@link #memory()}
     * afterwards. A late report of a fault in an access to the truncated file is taken first
     * ({@link #takeLateFaultReport()}).
     */
    @Override
    public void close() {
        takeLateFaultReport();
        memory.unmap();
        file.close();
    }

    /**
     * Writes the region's dirty pages covering {@code [offset, offset + length)} to its file and
     * waits for the device ({@code msync(MS_SYNC)}): what they hold then survives a kernel crash
     * or a power loss. The range is widened to 4 KiB pages, and to the mapping's start when the
     * system's pages are larger (msync refuses an address inside a page).
     *
     * @param offset the range's first byte
     * @param length its length; 0 syncs nothing
     * @throws IndexOutOfBoundsException when the range is not inside the region
     * @throws SharedMemoryException     {@code IO_ERROR}, naming the file, the range and errno,
     *                                   when msync fails (an I/O error of the device, for one)
     */
    public void sync(int offset, int length) {
        if (length == 0) {
            memory.addressOf(offset, 0);
            return;
        }
        long start = memory.addressOf(offset, length);
        long end = start + length;
        long aligned = start & -SMALL_PAGE;
        int result = Os.CALLS.msync(aligned, end - aligned, MS_SYNC);
        int errno = result == 0 ? 0 : Os.CALLS.errno();
        if (result != 0 && errno == Errno.EINVAL) {
            long base = memory.addressOf(0, 1);
            result = Os.CALLS.msync(base, end - base, MS_SYNC);
            errno = result == 0 ? 0 : Os.CALLS.errno();
        }
        if (result != 0) {
            throw new SharedMemoryException(Reason.IO_ERROR, path, "msync offset=" + offset + " length=" + length
                    + " failed: " + Errno.describe(errno));
        }
    }


    @Override
    public String toString() {
        return "SharedRegion[" + path + ", " + format.name() + ", " + memory.capacity() + " bytes]";
    }
}
