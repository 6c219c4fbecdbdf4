package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.ChannelClosedException;
import io.ipcring.ring.ChannelException;
import io.ipcring.ring.Channels;
import io.ipcring.ring.MalformedFrameException;
import io.ipcring.ring.Publisher;
import io.ipcring.ring.Subscriber;
import io.ipcring.sync.ChildJvm;
import io.ipcring.transport.FrameDecoder;
import io.ipcring.transport.Frames;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.PingPong;
import io.ipcring.transport.TestTraffic;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SocketServerTest {
    enum Kind { UNIX, TCP }

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("ipcring-sock-");
    }

    @AfterEach
    void everySocketFileIsRemoved() throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.toList();
        }
        for (Path p : left) {
            Files.deleteIfExists(p);
        }
        Files.delete(dir);
        assertEquals(List.of(), left, "files left behind (socket files or bind directories)");
    }

    private String serverUri(Kind kind) {
        return kind == Kind.UNIX ? "unix:" + dir.resolve("server.sock") : "tcp://127.0.0.1:0";
    }

    private static String clientUri(Kind kind, SocketServer server) {
        if (kind == Kind.UNIX) {
            return "unix:" + ((UnixDomainSocketAddress) server.localAddress()).getPath();
        }
        return "tcp://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sequencedMessagesFromAClientProcessArriveInOrder(Kind kind) throws Exception {
        int count = TestTraffic.count();
        try (SocketServer server = SocketServer.open(serverUri(kind));
             ChildJvm child = ChildJvm.start(SocketPeerProcess.class, "send", clientUri(kind, server), Integer.toString(count), "4")) {
            TestTraffic.Verifier verifier = new TestTraffic.Verifier();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (verifier.received() < count) {
                assertTrue(System.nanoTime() < deadline, "only " + verifier.received() + " arrived; child: " + child.output());
                server.poll((connection, type, buffer, offset, length) -> {
                    verifier.onMessage(type, buffer, offset, length);
                    if (verifier.received() == count) {
                        assertTrue(connection.send(SocketPeerProcess.count(count), 0, 8, SocketPeerProcess.DONE_TYPE));
                    }
                }, 256, 1, TimeUnit.SECONDS);
            }
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pingPongRoundTrips(Kind kind) throws Exception {
        try (ChildJvm echo = ChildJvm.start(SocketPeerProcess.class, "echo-server", serverUri(kind))) {
            String uri = awaitListening(echo, kind);
            try (SocketClient client = SocketClient.connect(uri)) {
                PingPong.run(client, client, kind.name().toLowerCase(java.util.Locale.ROOT), 5_000, 5_000);
                assertTrue(client.offer(new byte[0], 0, 0, SocketPeerProcess.STOP_TYPE));
            }
            assertEquals(0, echo.waitFor(60, TimeUnit.SECONDS), echo.output());
        }
    }

    private String awaitListening(ChildJvm server, Kind kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String output = server.output();
            int at = output.indexOf("port=");
            if (at >= 0 && output.indexOf('\n', at) > 0) {
                String port = output.substring(at + 5, output.indexOf('\n', at)).trim();
                return kind == Kind.UNIX ? serverUri(kind) : "tcp://127.0.0.1:" + port;
            }
            assertTrue(System.nanoTime() < deadline, "the echo server did not start: " + output);
            Thread.sleep(50);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aHostileClientIsDroppedAloneAndNothingIsAllocatedForIt(Kind kind) throws Exception {
        try (SocketServer server = SocketServer.open(serverUri(kind) + "?maxMessage=64k");
             SocketClient good = SocketClient.connect(clientUri(kind, server) + "?maxMessage=64k")) {
            for (Frames.Hostile hostile : Frames.Hostile.values()) {
                List<Integer> received = new ArrayList<>();
                List<ChannelException> causes = new ArrayList<>();
                List<Connection> dropped = new ArrayList<>();
                ServerHandler handler = new ServerHandler() {
                    @Override
                    public void onMessage(Connection connection, int type, ByteBuffer buffer, int offset, int length) {
                        received.add(type);
                    }

                    @Override
                    public void onDisconnect(Connection connection, ChannelException cause) {
                        dropped.add(connection);
                        causes.add(cause);
                    }
                };
                try (SocketChannel raw = SocketChannel.open(server.localAddress())) {
                    assertTrue(good.offer(new byte[4], 0, 4, 1));
                    raw.write(ByteBuffer.wrap(hostile.bytes()));
                    if (hostile.truncated()) {
                        raw.shutdownOutput();
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (causes.isEmpty() || received.isEmpty()) {
                        assertTrue(System.nanoTime() < deadline, hostile + ": received " + received + ", causes " + causes);
                        server.poll(handler, 10, 100, TimeUnit.MILLISECONDS);
                    }
                }
                assertEquals(1, causes.size(), hostile.name());
                assertTrue(causes.get(0) instanceof MalformedFrameException, hostile + ": " + causes.get(0));
                assertTrue(causes.get(0).getMessage().contains(hostile.expectedError()), causes.get(0).getMessage());
                assertFalse(dropped.get(0).isOpen());
                assertEquals(FrameDecoder.INITIAL_CAPACITY, dropped.get(0).decoder().bufferCapacity(), "nothing allocated for the claim");
                assertEquals(1, server.connections().size(), "only the good client remains");
                assertTrue(good.offer(new byte[4], 0, 4, 2));
                received.clear();
                while (received.isEmpty()) {
                    server.poll(handler, 10, 5, TimeUnit.SECONDS);
                }
                assertEquals(List.of(2), received, hostile + ": the good client still gets through");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aClientProcessThatDiesIsDroppedAndTheServerGoesOn(Kind kind) throws Exception {
        try (SocketServer server = SocketServer.open(serverUri(kind));
             SocketClient survivor = SocketClient.connect(clientUri(kind, server));
             ChildJvm child = ChildJvm.start(SocketPeerProcess.class, "die", clientUri(kind, server))) {
            List<ChannelException> causes = new ArrayList<>();
            int[] received = {0};
            ServerHandler handler = new ServerHandler() {
                @Override
                public void onMessage(Connection connection, int type, ByteBuffer buffer, int offset, int length) {
                    received[0]++;
                }

                @Override
                public void onDisconnect(Connection connection, ChannelException cause) {
                    causes.add(cause);
                }
            };
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (causes.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, child.output());
                server.poll(handler, 10, 100, TimeUnit.MILLISECONDS);
            }
            assertEquals(1, received[0], "the message sent before dying arrived");
            assertTrue(causes.get(0) instanceof ChannelClosedException, causes.get(0).toString());
            assertTrue(survivor.offer(new byte[1], 0, 1, 3));
            assertEquals(1, server.poll(handler, 10, 5, TimeUnit.SECONDS));
            assertEquals(1, server.connections().size());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aClosedServerIsClosedForItsClients(Kind kind) throws Exception {
        SocketServer server = SocketServer.open(serverUri(kind));
        String uri = clientUri(kind, server);
        try (SocketClient client = SocketClient.connect(uri)) {
            server.poll((c, t, b, o, l) -> { }, 1, 100, TimeUnit.MILLISECONDS);
            server.close();
            assertThrows(ChannelClosedException.class, () -> client.poll((t, b, o, l) -> { }, 1, 10, TimeUnit.SECONDS));
            // TCP takes the first write after the peer's close into the send buffer; the peer's
            // reset then fails the next ones
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> {
                for (int i = 0; i < 1_000; i++) {
                    client.offer(new byte[1], 0, 1, 1);
                    Thread.sleep(10);
                }
            });
            assertTrue(e.getMessage().startsWith(uri), "names the channel: " + e.getMessage());
        }
        assertThrows(ChannelException.class, () -> SocketClient.connect(uri));
    }

    @Test
    void theUnixSocketFileIsPrivateAndCarriesPeerCredentials() throws Exception {
        Path path = dir.resolve("creds.sock");
        try (SocketServer server = SocketServer.open("unix:" + path); SocketClient client = SocketClient.connect("unix:" + path)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(path), files.toList(), "the private bind directory is gone");
            }
            assertTrue(client.offer(new byte[1], 0, 1, 1));
            PeerCredentials[] creds = new PeerCredentials[1];
            assertEquals(1, server.poll((c, t, b, o, l) -> creds[0] = c.peerCredentials().orElseThrow(), 1, 5, TimeUnit.SECONDS));
            assertEquals(NativeIo.effectiveUid(), creds[0].uid());
            assertTrue(creds[0].gid() >= 0, creds[0].toString());
            assertEquals(System.getProperty("user.name"), creds[0].user());
        }
        assertFalse(Files.exists(path), "removed on close");
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneOrAnotherFileIsNot() throws Exception {
        Path path = dir.resolve("stale.sock");
        try (java.nio.channels.ServerSocketChannel dead = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path), "a socket file left by a server that is gone");
        try (SocketServer server = SocketServer.open("unix:" + path)) {
            ChannelException e = assertThrows(ChannelException.class, () -> SocketServer.open("unix:" + path));
            assertTrue(e.getMessage().contains("in use by a running server"), e.getMessage());
        }
        Path file = dir.resolve("regular");
        Files.writeString(file, "x");
        ChannelException e = assertThrows(ChannelException.class, () -> SocketServer.open("unix:" + file));
        assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
        Files.delete(file);
    }

    @Test
    void channelsOpensSocketsByScheme() throws Exception {
        try (Subscriber server = Channels.subscriber("tcp://127.0.0.1:0")) {
            int port = ((InetSocketAddress) ((SocketServer) server).localAddress()).getPort();
            try (Publisher client = Channels.publisher("tcp://127.0.0.1:" + port)) {
                assertTrue(client.offer(new byte[] {9}, 0, 1, 4));
                int[] type = {0};
                assertEquals(1, server.poll((t, b, o, l) -> type[0] = t, 1, 5, TimeUnit.SECONDS));
                assertEquals(4, type[0]);
            }
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Channels.publisher("tcp:127.0.0.1:80"));
        assertTrue(bad.getMessage().contains("expected tcp://host:port"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Channels.subscriber("unix:" + dir.resolve("x") + "?nope=1"));
    }

    @Test
    void connectingToNothingIsAClearError() {
        ChannelException e = assertThrows(ChannelException.class, () -> SocketClient.connect("unix:" + dir.resolve("none.sock")));
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    }
}
