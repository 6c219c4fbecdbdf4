package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.NativeIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnixSocketFileTest {
    private final List<Integer> fds = new ArrayList<>();
    private final ByteBuffer scratch = SocketStructs.scratch();
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("ipcring-sockfile-");
    }

    @AfterEach
    void tearDown() throws IOException {
        for (int fd : fds) {
            NativeIo.close(fd);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private int socket() {
        int fd = UnixSocketLibc.openStreamSocket();
        fds.add(fd);
        return fd;
    }

    @Test
    void theFileIsPrivateAndRemovedOnlyWhileItIsStillOurs() throws Exception {
        Path path = dir.resolve("own.sock");
        UnixSocketFile file = UnixSocketFile.bind(socket(), scratch, path, "unix:" + path);
        assertEquals(path, file.path());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertTrue(NativeIo.isSocket(path.toString()));
        Files.delete(path);
        Files.writeString(path, "somebody else's");
        file.remove();
        assertEquals("somebody else's", Files.readString(path), "a file that replaced ours is left alone");
        Files.delete(path);
        UnixSocketFile again = UnixSocketFile.bind(socket(), scratch, path, "unix:" + path);
        again.remove();
        assertFalse(Files.exists(path));
        again.remove();
    }

    @Test
    void aStaleSocketIsReplacedButALiveOneIsNotEvenWithAFullBacklog() throws Exception {
        Path path = dir.resolve("taken.sock");
        int dead = socket();
        assertEquals(0, UnixSocketLibc.bind(dead, scratch, SocketStructs.pathBytes(path)));
        assertEquals(0, Os.CALLS.listen(dead, 0));
        // the kernel queues backlog + 1 connections; the next non-blocking connect gets EAGAIN
        assertEquals(0, UnixSocketLibc.connect(socket(), scratch, SocketStructs.pathBytes(path)));
        assertEquals(Errno.EAGAIN, UnixSocketLibc.connect(socket(), scratch, SocketStructs.pathBytes(path)));
        ChannelException e = assertThrows(ChannelException.class, () -> UnixSocketFile.bind(socket(), scratch, path, "unix:" + path));
        assertTrue(e.getMessage().contains("is in use by a running server"), e.getMessage());

        NativeIo.close(dead);
        fds.remove(Integer.valueOf(dead));
        assertTrue(Files.exists(path), "the listening socket is gone, its file is stale");
        UnixSocketFile file = UnixSocketFile.bind(socket(), scratch, path, "unix:" + path);
        file.remove();
        assertFalse(Files.exists(path));
    }

    @Test
    void somethingElseAtThePathOrAPathTooLongIsRefused() throws Exception {
        Path regular = dir.resolve("regular");
        Files.writeString(regular, "x");
        ChannelException e = assertThrows(ChannelException.class, () -> UnixSocketFile.bind(socket(), scratch, regular, "unix:" + regular));
        assertTrue(e.getMessage().contains("exists and is not a socket"), e.getMessage());
        Path tooLong = dir.resolve("s".repeat(SocketStructs.MAX_PATH_BYTES));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> UnixSocketFile.bind(socket(), scratch, tooLong, "unix:" + tooLong));
        assertTrue(bad.getMessage().contains("the kernel takes at most 107"), bad.getMessage());
    }
}
