package io.ipcring.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBytesTest {
    @Test
    void patchesAreLittleEndianInPlaceAndReadBack(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[24]);
        FileBytes.patchInt(file, 4, 0x01020304);
        FileBytes.patchLong(file, 8, 0x1122334455667788L);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(24, bytes.length, "size unchanged");
        assertArrayEquals(new byte[] {0, 0, 0, 0, 4, 3, 2, 1, (byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11},
                java.util.Arrays.copyOf(bytes, 16));
        assertEquals(0x1122334455667788L, FileBytes.readLong(file, 8));
        assertEquals(0x0102030400000000L, FileBytes.readLong(file, 0));
    }

    @Test
    void aLongPastTheEndIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("short"), new byte[12]);
        EOFException e = assertThrows(EOFException.class, () -> FileBytes.readLong(file, 8));
        assertTrue(e.getMessage().contains("path=" + file) && e.getMessage().contains("offset=8"), e.getMessage());
    }
}
