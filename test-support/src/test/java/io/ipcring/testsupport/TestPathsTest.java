package io.ipcring.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPathsTest {
    @Test
    void pathsAreUniqueInShmAndNameTheirLabelAndThisProcess() {
        try (TestPaths paths = new TestPaths()) {
            Path first = paths.next("ring");
            Path second = paths.next("ring");
            assertNotEquals(first, second);
            assertEquals(TestPaths.SHM, first.getParent());
            assertTrue(first.getFileName().toString().startsWith("ipcring-test-ring-" + ProcessHandle.current().pid() + "-"),
                    first.toString());
        }
    }

    @Test
    void closeDeletesTheFilesThatExistAndIgnoresTheOthers(@TempDir Path dir) throws Exception {
        TestPaths paths = new TestPaths(dir);
        Path created = Files.write(paths.next("a"), new byte[16]);
        Path directory = Files.createDirectory(paths.next("b"));
        Path neverCreated = paths.next("c");
        paths.close();
        assertFalse(Files.exists(created));
        assertFalse(Files.exists(directory));
        assertFalse(Files.exists(neverCreated));
        Path later = Files.write(paths.next("d"), new byte[1]);
        paths.close();
        assertFalse(Files.exists(later), "usable again after close");
    }

    @Test
    void aPathThatCannotBeDeletedIsNamedAfterTheOthersAreDeleted(@TempDir Path dir) throws Exception {
        TestPaths paths = new TestPaths(dir);
        Path full = Files.createDirectory(paths.next("full"));
        Files.write(full.resolve("inside"), new byte[1]);
        Path file = Files.write(paths.next("file"), new byte[1]);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, paths::close);
        assertTrue(e.getMessage().contains("path=" + full), e.getMessage());
        assertFalse(Files.exists(file));
        Files.delete(full.resolve("inside"));
    }

    @Test
    void uniqueNamesDiffer() {
        assertNotEquals(TestPaths.uniqueName("x"), TestPaths.uniqueName("x"));
        assertTrue(TestPaths.uniqueName("x").matches("ipcring-test-x-\\d+-[0-9a-f]+"), TestPaths.uniqueName("x"));
    }
}
