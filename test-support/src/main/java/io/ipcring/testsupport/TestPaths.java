package io.ipcring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Unique file paths for one test, each deleted by {@link #close()}: a name no other test, process
 * or call uses ({@code ipcring-test-<label>-<pid>-<random hex>}), in {@code /dev/shm} unless told
 * another directory. A path handed out need not be created; a missing file is no error at close;
 * a directory is deleted with everything in it (symbolic links are deleted, never followed).
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
     * @param label a word saying what the directory is for
     * @return a new, empty directory no other test or process uses, deleted with its contents by
     *         {@link #close()}
     * @throws IOException if it cannot be created
     */
    public Path directory(String label) throws IOException {
        return Files.createDirectory(next(label));
    }

    /**
     * Deletes every path handed out so far that exists, a directory with its contents.
     *
     * @throws UncheckedIOException naming the first path that could not be deleted, after
     *                              trying them all
     */
    @Override
    public synchronized void close() {
        UncheckedIOException failure = null;
        for (Path path : paths) {
            try {
                deleteTree(path);
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

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path inside : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(inside);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }
}
