package io.ipcring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique file paths for one test, each deleted by {@link #close()}: a name no other test, process
 * or call uses ({@code ipcring-test-<label>-<pid>-<random hex>}), in {@code /dev/shm} unless told
 * another directory. A path handed out need not be created; a missing file is no error at close.
 * Safe to use from several threads; {@link #close()} may be called again after more paths.
 */
public final class TestPaths implements AutoCloseable {
    /** The directory of the paths of {@link #TestPaths()}: Linux's shared-memory file system. */
    public static final Path SHM = Paths.get("/dev/shm");

    private final Path directory;
    private final List<Path> paths = new ArrayList<>();

    /** Paths in {@link #SHM}. */
    public TestPaths() {
        this(SHM);
    }

    /**
     * Paths in another directory.
     *
     * @param directory where the paths are; it must exist before a file is created there
     */
    public TestPaths(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * A file name unique to this process and call, for tests that name a file (or a POSIX
     * object) themselves.
     *
     * @param label a word saying what the name is for
     * @return {@code ipcring-test-<label>-<pid>-<random hex>}
     */
    public static String uniqueName(String label) {
        return "ipcring-test-" + label + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /**
     * @param label a word saying what the file is for
     * @return a path no other test or process uses, deleted by {@link #close()}
     */
    public synchronized Path next(String label) {
        Path path = directory.resolve(uniqueName(label));
        paths.add(path);
        return path;
    }

    /**
     * Deletes every path handed out so far that exists (a file, or an empty directory).
     *
     * @throws UncheckedIOException naming the first path that could not be deleted, after
     *                              trying them all
     */
    @Override
    public synchronized void close() {
        UncheckedIOException failure = null;
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                if (failure == null) {
                    failure = new UncheckedIOException("cannot delete test file path=" + path + ": " + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        paths.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
