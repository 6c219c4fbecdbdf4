package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A temporary directory for each test's FIFOs and socket files, which the code under test must
 * leave empty: created before each test, and after it deleted with whatever was left, the test
 * failing with what that was. Register it on an instance field with
 * {@link org.junit.jupiter.api.extension.RegisterExtension}.
 */
public final class TestDirectory implements BeforeEachCallback, AfterEachCallback {
    private final String prefix;
    private final String what;
    private Path path;

    /**
     * @param prefix the directory name's start
     * @param what   what the test's files are, for the failure message
     */
    public TestDirectory(String prefix, String what) {
        this.prefix = prefix;
        this.what = what;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        path = Files.createTempDirectory(prefix);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(path)) {
            left = files.toList();
        }
        for (Path p : left) {
            Files.deleteIfExists(p);
        }
        Files.delete(path);
        assertEquals(List.of(), left, what + " left behind");
    }

    /** @return the current test's directory */
    public Path path() {
        return path;
    }

    /**
     * @param name a file name
     * @return that file in the current test's directory
     */
    public Path resolve(String name) {
        return path.resolve(name);
    }
}
