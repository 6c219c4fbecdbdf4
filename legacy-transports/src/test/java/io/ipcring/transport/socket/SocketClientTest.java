package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketClientTest {
    private final List<Integer> fds = new ArrayList<>();
    private final ByteBuffer scratch = SocketStructs.scratch();
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("ipcring-client-");
    }

    @AfterEach
    void tearDown() throws IOException {
        for (int fd : fds) {
            NativeIo.close(fd);
        }
        try (var files = Files.list(dir)) {
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

    /** A listening socket of backlog 0 whose one queue place is taken: the next connect gets EAGAIN. */
    private int fullListener(Path path) {
        int listening = socket();
        assertEquals(0, UnixSocketLibc.bind(listening, scratch, SocketStructs.pathBytes(path)));
        assertEquals(0, Os.CALLS.listen(listening, 0));
        assertEquals(0, UnixSocketLibc.connect(socket(), scratch, SocketStructs.pathBytes(path)));
        return listening;
    }

    @Test
    void aConnectToAServerWithAFullBacklogRetriesUntilTheTimeout() {
        Path path = dir.resolve("full.sock");
        fullListener(path);
        ChannelException e = assertThrows(ChannelException.class, () -> SocketClient.connect("unix:" + path + "?connectTimeout=200"));
        assertTrue(e.getMessage().contains("no connection within 200 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("backlog is full"), e.getMessage());
    }

    @Test
    void aConnectWaitingOnAFullBacklogSucceedsOnceTheServerAcceptsAndSeesTheServersCredentials() throws Exception {
        Path path = dir.resolve("busy.sock");
        int listening = fullListener(path);
        AtomicInteger acceptedFd = new AtomicInteger(-1);
        Thread acceptor = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            acceptedFd.set(UnixSocketLibc.accept(listening, SocketStructs.scratch()));
        });
        acceptor.start();
        try (SocketClient client = SocketClient.connect("unix:" + path + "?connectTimeout=20000")) {
            acceptor.join();
            assertTrue(acceptedFd.get() >= 0, "accepted: " + acceptedFd.get());
            fds.add(acceptedFd.get());
            PeerCredentials server = client.peerCredentials().orElseThrow();
            assertEquals(ProcessHandle.current().pid(), server.pid(), "the listening process is this one");
            assertEquals(NativeIo.effectiveUid(), server.uid());
        } finally {
            acceptor.join();
        }
    }

    @Test
    void badTargetsAreClearErrors() throws Exception {
        Path tooLong = dir.resolve("s".repeat(SocketStructs.MAX_PATH_BYTES));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SocketClient.connect("unix:" + tooLong));
        assertTrue(bad.getMessage().startsWith("channel URI 'unix:" + tooLong + "'"), bad.getMessage());
        assertTrue(bad.getMessage().contains("the kernel takes at most 107"), bad.getMessage());

        Path regular = dir.resolve("regular");
        Files.writeString(regular, "x");
        NativeIo.NativeCallException refused = assertThrows(NativeIo.NativeCallException.class,
                () -> SocketClient.connect("unix:" + regular));
        assertEquals(Errno.ECONNREFUSED, refused.errno());
        assertTrue(refused.getMessage().startsWith("unix:" + regular + ": connect(" + regular + ") failed: ECONNREFUSED (111): "),
                refused.getMessage());

        try (SocketServer server = SocketServer.open("tcp://127.0.0.1:0");
             SocketClient tcp = SocketClient.connect("tcp://127.0.0.1:"
                     + ((java.net.InetSocketAddress) server.localAddress()).getPort())) {
            assertTrue(tcp.peerCredentials().isEmpty(), "TCP has no peer credentials");
        }
    }
}
