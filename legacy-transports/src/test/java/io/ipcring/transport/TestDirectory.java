package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A temporary directory for a test's FIFOs and socket files, which the code under test must leave empty. */
public final class TestDirectory {
    private TestDirectory() {
    }

    /**
     * Deletes {@code dir} and whatever was left in it, then fails naming what was left.
     *
     * @param dir  the directory, with no subdirectories
     * @param what what the test's files are, for the message
     * @throws IOException when listing or deleting fails
     */
    public static void removeExpectingEmpty(Path dir, String what) throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.toList();
        }
        for (Path p : left) {
            Files.deleteIfExists(p);
        }
        Files.delete(dir);
        assertEquals(List.of(), left, what + " left behind");
    }
}
