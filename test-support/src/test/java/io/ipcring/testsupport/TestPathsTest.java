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
        Path neverCreated = paths.next("c");
        paths.close();
        assertFalse(Files.exists(created));
        assertFalse(Files.exists(neverCreated));
        Path later = Files.write(paths.next("d"), new byte[1]);
        paths.close();
        assertFalse(Files.exists(later), "usable again after close");
    }

    @Test
    void aDirectoryIsDeletedWithItsContentsButNotWhatALinkInItPointsTo(@TempDir Path dir) throws Exception {
        Path outside = Files.write(dir.resolve("outside"), new byte[1]);
        TestPaths paths = new TestPaths(dir);
        Path directory = paths.directory("tree");
        assertTrue(Files.isDirectory(directory));
        assertTrue(directory.getFileName().toString().startsWith("ipcring-test-tree-"), directory.toString());
        Files.write(Files.createDirectory(directory.resolve("sub")).resolve("file"), new byte[1]);
        Files.createSymbolicLink(directory.resolve("link"), outside);
        Files.createSymbolicLink(directory.resolve("dirlink"), dir);
        paths.close();
        assertFalse(Files.exists(directory));
        assertTrue(Files.exists(outside), "a link is deleted, not followed");
    }

    @Test
    void aPathThatCannotBeDeletedIsNamed(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.write(dir.resolve("file"), new byte[1]);
        TestPaths inFile = new TestPaths(notADirectory);
        Path impossible = inFile.next("impossible");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, inFile::close);
        assertTrue(e.getMessage().startsWith("cannot delete test file path=" + impossible), e.getMessage());
    }

    @Test
    void uniqueNamesDiffer() {
        assertNotEquals(TestPaths.uniqueName("x"), TestPaths.uniqueName("x"));
        assertTrue(TestPaths.uniqueName("x").matches("ipcring-test-x-\\d+-[0-9a-f]+"), TestPaths.uniqueName("x"));
    }
}
