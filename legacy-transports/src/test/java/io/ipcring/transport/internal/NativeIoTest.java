package io.ipcring.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class NativeIoTest {
    @Test
    void mkfifoCreatesAPrivateFifoOnceAndFstatKnowsIt() throws IOException {
        Path dir = Files.createTempDirectory("ipcring-nativeio-");
        Path fifo = dir.resolve("f");
        try {
            assertTrue(NativeIo.mkfifo(fifo.toString(), 0600));
            assertFalse(NativeIo.mkfifo(fifo.toString(), 0600), "already there");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo)));
            int fd = NativeIo.open(fifo.toString(), NativeIo.O_RDONLY | NativeIo.O_NONBLOCK);
            try {
                assertTrue(NativeIo.isFifo(fd));
                assertEquals(NativeIo.effectiveUid(), NativeIo.ownerUid(fd));
            } finally {
                NativeIo.close(fd);
            }
            assertFalse(NativeIo.isSocket(fifo.toString()));
        } finally {
            Files.deleteIfExists(fifo);
            Files.delete(dir);
        }
    }

    @Test
    void failuresNameTheCallAndErrno() {
        NativeIo.NativeCallException e = assertThrows(NativeIo.NativeCallException.class,
                () -> NativeIo.open("/nonexistent/ipcring", NativeIo.O_RDONLY));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("open(/nonexistent/ipcring"), e.getMessage());
        assertTrue(e.getMessage().contains("ENOENT (2): No such file or directory"), e.getMessage());
    }
}
