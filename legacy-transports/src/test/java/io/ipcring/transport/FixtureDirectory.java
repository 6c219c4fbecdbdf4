package io.ipcring.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fresh directory under java.io.tmpdir that lives as long as a channel contract fixture (its FIFO
 * or socket file), deleted with its content by {@link #close()}. A test that checks its code
 * leaves nothing behind uses {@link TestDirectory} instead.
 */
public final class FixtureDirectory implements AutoCloseable {
    private final Path path;

    /**
     * @param prefix the start of the directory's name
     * @throws IOException when it cannot be created
     */
    public FixtureDirectory(String prefix) throws IOException {
        this.path = Files.createTempDirectory(prefix);
    }

    /** @return the directory */
    public Path path() {
        return path;
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
