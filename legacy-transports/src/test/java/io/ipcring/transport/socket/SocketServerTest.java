package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.CPrograms;
import io.ipcring.sync.ChildJvm;
import io.ipcring.sync.os.Errno;
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
            List<Connection> senders = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (verifier.received() < count) {
                assertTrue(System.nanoTime() < deadline, "only " + verifier.received() + " arrived; child: " + child.output());
                server.poll((connection, type, buffer, offset, length) -> {
                    if (senders.isEmpty()) {
                        senders.add(connection);
                    }
                    verifier.onMessage(type, buffer, offset, length);
                    if (verifier.received() == count) {
                        assertTrue(connection.send(SocketPeerProcess.count(count), 0, 8, SocketPeerProcess.DONE_TYPE));
                    }
                }, 256, 1, TimeUnit.SECONDS);
            }
            if (kind == Kind.UNIX) {
                PeerCredentials client = senders.get(0).peerCredentials().orElseThrow();
                assertEquals(child.pid(), client.pid(), "the kernel's record of the client JVM's pid");
                assertEquals(NativeIo.effectiveUid(), client.uid());
                assertEquals(Files.getAttribute(dir, "unix:gid"), client.gid(), "the gid our files get");
            } else {
                assertTrue(senders.get(0).peerCredentials().isEmpty(), "TCP has no peer credentials");
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
    void theUnixSocketFileIsPrivateAndBothEndsKnowEachOthersCredentials() throws Exception {
        Path path = dir.resolve("creds.sock");
        try (SocketServer server = SocketServer.open("unix:" + path); SocketClient client = SocketClient.connect("unix:" + path)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(path), files.toList(), "nothing but the socket file");
            }
            assertTrue(client.offer(new byte[1], 0, 1, 1));
            PeerCredentials[] creds = new PeerCredentials[1];
            assertEquals(1, server.poll((c, t, b, o, l) -> creds[0] = c.peerCredentials().orElseThrow(), 1, 5, TimeUnit.SECONDS));
            assertEquals(ProcessHandle.current().pid(), creds[0].pid());
            assertEquals(NativeIo.effectiveUid(), creds[0].uid());
            assertEquals(System.getProperty("user.name"), creds[0].user());
            assertEquals(creds[0], client.peerCredentials().orElseThrow(), "the server is this process too");
        }
        assertFalse(Files.exists(path), "removed on close");
    }

    /**
     * The server runs in a JVM started with umask 0, where a socket file bound the plain way would
     * be srwxrwxrwx; the client learns the server's pid from the kernel.
     */
    @Test
    void aServerUnderAnOpenUmaskStillCreatesAPrivateFileAndItsClientSeesItsPid() throws Exception {
        List<String> umaskZero = List.of("/bin/sh", "-c", "umask 0 && exec \"$0\" \"$@\"");
        try (ChildJvm echo = ChildJvm.start(umaskZero, System.getProperty("java.class.path"), SocketPeerProcess.class,
                "echo-server", serverUri(Kind.UNIX))) {
            String uri = awaitListening(echo, Kind.UNIX);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.sock"))));
            try (SocketClient client = SocketClient.connect(uri)) {
                assertEquals(echo.pid(), client.peerCredentials().orElseThrow().pid());
                PingPong.run(client, client, "unix (umask 0)", 10, 10);
                assertTrue(client.offer(new byte[0], 0, 0, SocketPeerProcess.STOP_TYPE));
            }
            assertEquals(0, echo.waitFor(60, TimeUnit.SECONDS), echo.output());
        }
    }

    /**
     * Another user: refused by the file's mode 0600, then (with the mode opened up) seen by the
     * server with its own uid, gid and pid. The client is a small C program, so it can run as
     * user 65534 without reading this JVM's class path; needs root, setpriv and gcc.
     */
    @Test
    void anotherUsersClientIsRefusedByTheModeAndOtherwiseSeenWithItsOwnIds() throws Exception {
        assumeTrue(NativeIo.effectiveUid() == 0, "only root can start a process as another user");
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "setpriv runs the client as another user");
        int otherUid = 65534;
        int otherGid = 65533;
        try (CPrograms programs = CPrograms.requireGcc()) {
            Path client = programs.compile(SocketServerTest.class, "peer_client.c");
            Files.setPosixFilePermissions(programs.directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path path = dir.resolve("others.sock");
            List<String> asOther = List.of(setpriv.toString(), "--reuid=" + otherUid, "--regid=" + otherGid, "--clear-groups",
                    client.toString(), path.toString());
            try (SocketServer server = SocketServer.open("unix:" + path)) {
                List<String> reportingExit = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\"; echo exit=$?", "sh"));
                reportingExit.addAll(asOther);
                String refused = CPrograms.run(30, reportingExit);
                assertTrue(refused.contains("connect errno=13") && refused.contains("exit=3"), "EACCES by mode 0600: " + refused);

                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
                Process other = new ProcessBuilder(asOther).redirectErrorStream(true).start();
                try {
                    Connection[] from = new Connection[1];
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (from[0] == null) {
                        assertTrue(System.nanoTime() < deadline, "the other user's frame did not arrive");
                        server.poll((c, type, b, o, l) -> {
                            if (type == 7) {
                                from[0] = c;
                            }
                        }, 1, 100, TimeUnit.MILLISECONDS);
                    }
                    assertEquals(new PeerCredentials(other.pid(), otherUid, otherGid), from[0].peerCredentials().orElseThrow());
                    from[0].close();
                    assertTrue(other.waitFor(30, TimeUnit.SECONDS), "the client ends when the server closes");
                    assertEquals(0, other.exitValue(), new String(other.getInputStream().readAllBytes()));
                } finally {
                    other.destroyForcibly().waitFor();
                }
            }
        }
    }

    /**
     * A client that closes with a reply still unread makes the kernel reset the connection
     * (ECONNRESET) instead of ending it: still an end of stream, so a half-sent header is a
     * truncated frame, and the other clients go on.
     */
    @Test
    void aResetMidFrameIsATruncatedFrameAndAResetBetweenFramesAClose() throws Exception {
        Path path = dir.resolve("reset.sock");
        try (SocketServer server = SocketServer.open("unix:" + path); SocketClient good = SocketClient.connect("unix:" + path)) {
            for (boolean midFrame : new boolean[] {true, false}) {
                List<ChannelException> causes = new ArrayList<>();
                List<Connection> connected = new ArrayList<>();
                ServerHandler handler = new ServerHandler() {
                    @Override
                    public void onMessage(Connection connection, int type, ByteBuffer buffer, int offset, int length) {
                    }

                    @Override
                    public void onConnect(Connection connection) {
                        connected.add(connection);
                    }

                    @Override
                    public void onDisconnect(Connection connection, ChannelException cause) {
                        causes.add(cause);
                    }
                };
                try (SocketChannel raw = SocketChannel.open(server.localAddress())) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (connected.size() < (midFrame ? 2 : 1)) {
                        assertTrue(System.nanoTime() < deadline, "not accepted");
                        server.poll(handler, 10, 100, TimeUnit.MILLISECONDS);
                    }
                    Connection rawConnection = connected.get(connected.size() - 1);
                    assertTrue(rawConnection.send(ByteBuffer.allocate(16), 0, 16, 1), "a reply the client never reads");
                    if (midFrame) {
                        raw.write(ByteBuffer.wrap(new byte[] {4, 0, 0, 0}));
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (causes.isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "the reset was not noticed");
                    server.poll(handler, 10, 100, TimeUnit.MILLISECONDS);
                }
                if (midFrame) {
                    assertTrue(causes.get(0) instanceof MalformedFrameException, causes.get(0).toString());
                    assertTrue(causes.get(0).getMessage().contains("peer closed mid-frame: truncated header, 4 of 8 bytes"),
                            causes.get(0).getMessage());
                } else {
                    assertTrue(causes.get(0) instanceof ChannelClosedException, causes.get(0).toString());
                }
                assertTrue(good.offer(new byte[1], 0, 1, 2));
                assertEquals(1, server.poll(handler, 10, 5, TimeUnit.SECONDS), "the good client still gets through");
            }
        }
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

    @ParameterizedTest
    @EnumSource(Kind.class)
    void framesReadTogetherAreServedOneByOneWithoutWaiting(Kind kind) throws Exception {
        try (SocketServer server = SocketServer.open(serverUri(kind));
             SocketClient client = SocketClient.connect(clientUri(kind, server))) {
            for (int i = 1; i <= 3; i++) {
                assertTrue(client.offer(new byte[] {(byte) i}, 0, 1, i));
            }
            // one read may take all three; each poll of one must still deliver the next at
            // once, from the buffer, rather than wait for the socket
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertEquals(1, server.poll((t, b, o, l) -> types.add(t), 1, 10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(1, 2, 3), types);
            assertEquals(0, server.poll((t, b, o, l) -> types.add(t), 1, 20, TimeUnit.MILLISECONDS));
        }
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
        Path none = dir.resolve("none.sock");
        NativeIo.NativeCallException e = assertThrows(NativeIo.NativeCallException.class, () -> SocketClient.connect("unix:" + none));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("connect(" + none + ") failed: ENOENT (2): "), e.getMessage());
    }
}
