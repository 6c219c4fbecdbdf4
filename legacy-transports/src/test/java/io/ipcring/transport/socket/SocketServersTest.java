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
import io.ipcring.sync.CPrograms;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.sync.os.Errno;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.transport.PingPong;
import io.ipcring.transport.TestDirectory;
import io.ipcring.transport.internal.NativeIo;
import io.ipcring.transport.server.MessageServer;
import io.ipcring.transport.server.Peer;
import io.ipcring.transport.server.PeerCredentials;
import io.ipcring.transport.server.Recorder;
import io.ipcring.transport.server.ServerPeerProcess;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only a socket server does (the rest is the server contract, {@code UnixMessageServerTest}
 * and {@code TcpMessageServerTest}): the Unix socket file's mode and life, the kernel's
 * credentials of both ends, resets, and the socket URIs' errors.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SocketServersTest {
    @RegisterExtension
    final TestDirectory dir = new TestDirectory("ipcring-sock-", "files (socket files or bind directories)");

    @Test
    void theUnixSocketFileIsPrivateAndBothEndsKnowEachOthersCredentials() throws Exception {
        Path path = dir.resolve("creds.sock");
        try (MessageServer server = MessageServer.open("unix:" + path); SocketClient client = SocketClient.connect("unix:" + path)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            try (Stream<Path> files = Files.list(dir.path())) {
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
        try (ChildJvm echo = ChildJvm.start(umaskZero, ChildJvm.thisJava(), ChildJvmFlags.forIpcring(), ChildJvm.thisClassPath(),
                ServerPeerProcess.class,
                "echo-server", "unix:" + dir.resolve("server.sock"))) {
            String uri = ServerPeerProcess.awaitClientUri(echo);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.sock"))));
            try (SocketClient client = SocketClient.connect(uri)) {
                assertEquals(echo.pid(), client.peerCredentials().orElseThrow().pid());
                PingPong.run(client, client, "unix (umask 0)", 10, 10);
                assertTrue(client.offer(new byte[0], 0, 0, ServerPeerProcess.STOP_TYPE));
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
            Path client = programs.compile(SocketServersTest.class, "peer_client.c");
            Files.setPosixFilePermissions(programs.directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dir.path(), PosixFilePermissions.fromString("rwx--x--x"));
            Path path = dir.resolve("others.sock");
            List<String> asOther = List.of(setpriv.toString(), "--reuid=" + otherUid, "--regid=" + otherGid, "--clear-groups",
                    client.toString(), path.toString());
            try (MessageServer server = MessageServer.open("unix:" + path)) {
                List<String> reportingExit = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\"; echo exit=$?", "sh"));
                reportingExit.addAll(asOther);
                String refused = CPrograms.run(30, reportingExit);
                assertTrue(refused.contains("connect errno=13") && refused.contains("exit=3"), "EACCES by mode 0600: " + refused);

                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
                Process other = new ProcessBuilder(asOther).redirectErrorStream(true).start();
                try {
                    Peer[] from = new Peer[1];
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
        try (MessageServer server = MessageServer.open("unix:" + path); SocketClient good = SocketClient.connect("unix:" + path)) {
            for (boolean midFrame : new boolean[] {true, false}) {
                Recorder handler = new Recorder();
                List<ChannelException> causes = handler.causes;
                try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                    handler.pollUntil(server, () -> handler.connected.size() == (midFrame ? 2 : 1));
                    Peer rawConnection = handler.connected.get(handler.connected.size() - 1);
                    assertTrue(rawConnection.send(ByteBuffer.allocate(16), 0, 16, 1), "a reply the client never reads");
                    if (midFrame) {
                        raw.write(ByteBuffer.wrap(new byte[] {4, 0, 0, 0}));
                    }
                }
                handler.pollUntil(server, () -> !causes.isEmpty());
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
        try (MessageServer server = MessageServer.open("unix:" + path)) {
            ChannelException e = assertThrows(ChannelException.class, () -> MessageServer.open("unix:" + path));
            assertTrue(e.getMessage().contains("in use by a running server"), e.getMessage());
        }
        Path file = dir.resolve("regular");
        Files.writeString(file, "x");
        ChannelException e = assertThrows(ChannelException.class, () -> MessageServer.open("unix:" + file));
        assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
        Files.delete(file);
    }

    @Test
    void channelsOpensSocketsByScheme() throws Exception {
        try (MessageServer server = MessageServer.open("tcp://127.0.0.1:0")) {
            assertTrue(server.clientUri().matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*"), server.clientUri());
            try (Publisher client = Channels.publisher(server.clientUri())) {
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

    @Test
    void aWaitInNanosecondsBecomesWholeMillisecondsRoundedUpWithoutOverflow() {
        assertEquals(0, SocketServers.millis(0));
        assertEquals(0, SocketServers.millis(-5));
        assertEquals(1, SocketServers.millis(1));
        assertEquals(1, SocketServers.millis(1_000_000));
        assertEquals(2, SocketServers.millis(1_000_001));
        // a poll with Long.MAX_VALUE nanoseconds must select for a long time, not for 1 ms again and again
        assertEquals(Long.MAX_VALUE / 1_000_000 + 1, SocketServers.millis(Long.MAX_VALUE));
    }
}
