package io.ipcring.transport.fifo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.ChildJvm;
import io.ipcring.transport.Frames;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.PingPong;
import io.ipcring.transport.TestTraffic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FifoServerTest {
    private static final int CLIENTS = 4;

    private Path dir;
    private Path fifo;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("ipcring-fifo-test-");
        fifo = dir.resolve("server");
    }

    @AfterEach
    void everyFifoIsRemoved() throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.toList();
        }
        for (Path p : left) {
            Files.deleteIfExists(p);
        }
        Files.delete(dir);
        assertEquals(List.of(), left, "FIFOs left behind");
    }

    @Test
    void fourConcurrentClientProcessesNeverInterleaveFrames() throws Exception {
        int perClient = Math.max(1, TestTraffic.count() / CLIENTS);
        try (FifoServer server = FifoServer.open("fifo:" + fifo)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo)));
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    children.add(ChildJvm.start(FifoPeerProcess.class, "send", fifo.toString(), Integer.toString(perClient),
                            Integer.toString(100 + i)));
                }
                Map<Long, TestTraffic.Verifier> verifiers = new HashMap<>();
                int[] done = {0};
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while (done[0] < CLIENTS) {
                    assertTrue(System.nanoTime() < deadline, "traffic did not complete; " + verifiers.size() + " clients seen");
                    server.poll((client, type, buffer, offset, length) -> {
                        assertNotNull(client, "every request comes from a registered client");
                        TestTraffic.Verifier verifier = verifiers.computeIfAbsent(client.id(), id -> new TestTraffic.Verifier());
                        verifier.onMessage(type, buffer, offset, length);
                        if (verifier.received() == perClient) {
                            assertTrue(client.send(FifoPeerProcess.count(perClient), 0, 8, FifoPeerProcess.DONE_TYPE));
                            done[0]++;
                        }
                    }, 256, 1, TimeUnit.SECONDS);
                }
                assertEquals(CLIENTS, verifiers.size());
                for (ChildJvm child : children) {
                    assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                }
            } finally {
                for (ChildJvm child : children) {
                    child.close();
                }
            }
        }
        assertFalse(Files.exists(fifo), "the server removed its FIFO");
    }

    @Test
    void requestsLargerThanOneAtomicWriteAreRefused() throws Exception {
        try (FifoServer server = FifoServer.open("fifo:" + fifo);
             FifoClient plain = FifoClient.connect("fifo:" + fifo);
             FifoClient tagged = connectWithReplies(server)) {
            assertEquals(FifoProtocol.PIPE_BUF - MessageFrame.HEADER_LENGTH, plain.maxMessageLength());
            assertEquals(FifoProtocol.PIPE_BUF - MessageFrame.HEADER_LENGTH - 12, tagged.maxMessageLength());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tagged.offer(new byte[4077], 0, 4077, 1));
            assertTrue(e.getMessage().contains("PIPE_BUF=4096"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> plain.offer(new byte[4089], 0, 4089, 1));
            IllegalArgumentException uri = assertThrows(IllegalArgumentException.class,
                    () -> FifoClient.connect("fifo:" + fifo + "?maxMessage=5000"));
            assertTrue(uri.getMessage().contains("maxMessage=5000"), uri.getMessage());
            assertTrue(plain.offer(new byte[4088], 0, 4088, 1));
            assertTrue(tagged.offer(new byte[4076], 0, 4076, 2));
            List<Integer> lengths = new ArrayList<>();
            while (lengths.size() < 2) {
                assertTrue(server.poll((c, t, b, o, l) -> lengths.add(l), 10, 5, TimeUnit.SECONDS) > 0);
            }
            assertEquals(List.of(4088, 4076), lengths);
        }
    }

    @Test
    void hostileFramesAreDroppedAndTheServerGoesOn() throws Exception {
        Map<Frames.Hostile, String> expected = Map.of(
                Frames.Hostile.HUGE_LENGTH, Frames.Hostile.HUGE_LENGTH.expectedError(),
                Frames.Hostile.NEGATIVE_LENGTH, Frames.Hostile.NEGATIVE_LENGTH.expectedError(),
                Frames.Hostile.RESERVED_TYPE, Frames.Hostile.RESERVED_TYPE.expectedError(),
                Frames.Hostile.TRUNCATED_HEADER, "truncated frame: the stream is empty after 3 of 8 bytes",
                Frames.Hostile.TRUNCATED_PAYLOAD, "truncated frame: the stream is empty after 18 of 108 bytes");
        try (FifoServer server = FifoServer.open("fifo:" + fifo); FifoClient good = FifoClient.connect("fifo:" + fifo)) {
            for (Frames.Hostile hostile : Frames.Hostile.values()) {
                writeRaw(hostile.bytes());
                List<MalformedFrameException> errors = new ArrayList<>();
                List<Integer> received = new ArrayList<>();
                FifoRequestHandler handler = new FifoRequestHandler() {
                    @Override
                    public void onRequest(FifoPeer client, int type, ByteBuffer buffer, int offset, int length) {
                        received.add(type);
                    }

                    @Override
                    public void onMalformed(MalformedFrameException error) {
                        errors.add(error);
                    }
                };
                assertEquals(0, server.poll(handler, 10));
                assertEquals(1, errors.size(), hostile + ": " + errors);
                assertTrue(errors.get(0).getMessage().contains(expected.get(hostile)), errors.get(0).getMessage());
                assertTrue(good.offer(new byte[3], 0, 3, 7));
                assertEquals(1, server.poll(handler, 10, 5, TimeUnit.SECONDS), hostile.name());
                assertEquals(List.of(7), received);
            }
        }
    }

    @Test
    void aRegistrationNamingARegularFileIsIgnoredAndTheFileUntouched() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious");
        try (FifoServer server = FifoServer.open("fifo:" + fifo)) {
            byte[] path = victim.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer payload = ByteBuffer.allocate(16 + path.length).order(MessageFrame.BYTE_ORDER);
            payload.putLong(42).putLong(1).put(path);
            writeRaw(Frames.frame(FifoProtocol.REGISTER_TYPE, payload.array()));
            assertEquals(0, server.poll((c, t, b, o, l) -> { }, 10, 200, TimeUnit.MILLISECONDS));
            assertTrue(server.clients().isEmpty());
        } finally {
            assertEquals("precious", Files.readString(victim));
            Files.delete(victim);
        }
    }

    @Test
    void repliesReachTheirOwnClientOnly() throws Exception {
        try (FifoServer server = FifoServer.open("fifo:" + fifo);
             FifoClient a = connectWithReplies(server);
             FifoClient b = connectWithReplies(server)) {
            assertTrue(a.offer("from a".getBytes(), 0, 6, 1));
            assertTrue(b.offer("from b".getBytes(), 0, 6, 2));
            int served = 0;
            while (served < 2) {
                served += server.poll((client, type, buffer, offset, length) -> {
                    byte[] request = new byte[length];
                    buffer.get(offset, request);
                    byte[] reply = ("re: " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    assertTrue(client.send(ByteBuffer.wrap(reply), 0, reply.length, type + 10));
                }, 10, 5, TimeUnit.SECONDS);
            }
            assertEquals("11:re: from a", receiveText(a));
            assertEquals("12:re: from b", receiveText(b));
        }
    }

    @Test
    void requestsReadTogetherAreServedOneByOneWithoutWaiting() throws Exception {
        try (FifoServer server = FifoServer.open("fifo:" + fifo);
             FifoClient client = FifoClient.connect("fifo:" + fifo)) {
            for (int i = 1; i <= 3; i++) {
                assertTrue(client.offer(new byte[] {(byte) i}, 0, 1, i));
            }
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertEquals(1, server.poll((t, b, o, l) -> types.add(t), 1, 10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(1, 2, 3), types);
            assertEquals(0, server.poll((t, b, o, l) -> types.add(t), 1, 20, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aClosedServerIsClosedForItsClients() throws Exception {
        FifoServer server = FifoServer.open("fifo:" + fifo);
        FifoClient client = connectWithReplies(server);
        try {
            server.close();
            assertFalse(Files.exists(fifo));
            assertThrows(ChannelClosedException.class, () -> client.poll((t, b, o, l) -> { }, 1, 5, TimeUnit.SECONDS));
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> client.offer(new byte[1], 0, 1, 1));
            assertTrue(e.getMessage().contains("EPIPE"), e.getMessage());
        } finally {
            client.close();
        }
    }

    @Test
    void aDeadClientIsDisconnectedWhenAReplyFails() throws Exception {
        try (FifoServer server = FifoServer.open("fifo:" + fifo); ChildJvm child = ChildJvm.start(FifoPeerProcess.class, "die", fifo.toString())) {
            FifoPeer[] sender = new FifoPeer[1];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sender[0] == null) {
                assertTrue(System.nanoTime() < deadline, child.output());
                server.poll((client, type, buffer, offset, length) -> sender[0] = client, 1, 1, TimeUnit.SECONDS);
            }
            assertEquals(child.pid(), sender[0].pid());
            child.waitFor(60, TimeUnit.SECONDS);
            assertThrows(ChannelClosedException.class, () -> sender[0].send(ByteBuffer.allocate(1), 0, 1, 1));
            assertFalse(sender[0].isOpen());
            List<ChannelException> causes = new ArrayList<>();
            server.poll(new FifoRequestHandler() {
                @Override
                public void onRequest(FifoPeer client, int type, ByteBuffer buffer, int offset, int length) {
                }

                @Override
                public void onDisconnect(FifoPeer client, ChannelException cause) {
                    causes.add(cause);
                }
            }, 1);
            assertEquals(1, causes.size());
            assertTrue(server.clients().isEmpty());
        }
    }

    @Test
    void aClientThatUnregistersIsReportedWithoutCause() throws Exception {
        try (FifoServer server = FifoServer.open("fifo:" + fifo)) {
            FifoClient client = connectWithReplies(server);
            assertEquals(1, server.clients().size());
            client.close();
            List<ChannelException> causes = new ArrayList<>();
            boolean[] called = {false};
            server.poll(new FifoRequestHandler() {
                @Override
                public void onRequest(FifoPeer c, int type, ByteBuffer buffer, int offset, int length) {
                }

                @Override
                public void onDisconnect(FifoPeer c, ChannelException cause) {
                    called[0] = true;
                    causes.add(cause);
                }
            }, 1, 200, TimeUnit.MILLISECONDS);
            assertTrue(called[0]);
            assertNull(causes.get(0));
            assertTrue(server.clients().isEmpty());
        }
    }

    @Test
    void connectingWithoutAServerIsAClearError() {
        ChannelException missing = assertThrows(ChannelException.class, () -> FifoClient.connect("fifo:" + fifo));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertTrue(NativeIo.mkfifo(fifo.toString(), 0600));
        try {
            ChannelException noReader = assertThrows(ChannelException.class, () -> FifoClient.connect("fifo:" + fifo));
            assertTrue(noReader.getMessage().contains("no server is reading"), noReader.getMessage());
        } finally {
            fifo.toFile().delete();
        }
    }

    @Test
    void channelsOpensFifosByScheme() throws Exception {
        try (Subscriber server = Channels.subscriber("fifo:" + fifo); Publisher client = Channels.publisher("fifo:" + fifo)) {
            assertTrue(server instanceof FifoServer);
            assertTrue(client.offer(new byte[] {1, 2}, 0, 2, 3));
            byte[][] got = new byte[1][];
            assertEquals(1, server.poll((type, buffer, offset, length) -> {
                got[0] = new byte[length];
                buffer.get(offset, got[0]);
            }, 1, 5, TimeUnit.SECONDS));
            assertArrayEquals(new byte[] {1, 2}, got[0]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channels.subscriber("fifo:" + fifo + "?bogus=1"));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
    }

    @Test
    void anExistingRegularFileIsNotTakenForAFifo() throws IOException {
        Files.writeString(fifo, "x");
        try {
            ChannelException e = assertThrows(ChannelException.class, () -> FifoServer.open("fifo:" + fifo));
            assertTrue(e.getMessage().contains("is not a FIFO"), e.getMessage());
        } finally {
            Files.delete(fifo);
        }
    }

    @Test
    void pingPongRoundTrips() throws Exception {
        try (ChildJvm echo = ChildJvm.start(FifoPeerProcess.class, "echo-server", fifo.toString())) {
            FifoClient client = connectWhenServed(echo);
            try {
                PingPong.run(client, client, "fifo", 5_000, 5_000);
                assertTrue(client.offer(new byte[0], 0, 0, FifoPeerProcess.STOP_TYPE));
            } finally {
                client.close();
            }
            assertEquals(0, echo.waitFor(60, TimeUnit.SECONDS), echo.output());
        }
    }

    private FifoClient connectWhenServed(ChildJvm server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return FifoClient.connect("fifo:" + fifo + "?replies=true");
            } catch (ChannelException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the server did not start: " + server.output(), notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Connects while this thread serves the registration (the server polls until acknowledged). */
    private FifoClient connectWithReplies(FifoServer server) throws Exception {
        FifoClient[] client = new FifoClient[1];
        RuntimeException[] failure = new RuntimeException[1];
        Thread connector = new Thread(() -> {
            try {
                client[0] = FifoClient.connect("fifo:" + fifo + "?replies=true&connectTimeout=10000");
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        int before = server.clients().size();
        connector.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.clients().size() == before && System.nanoTime() < deadline) {
            server.poll((c, t, b, o, l) -> { }, 1, 10, TimeUnit.MILLISECONDS);
        }
        connector.join(TimeUnit.SECONDS.toMillis(10));
        if (failure[0] != null) {
            throw failure[0];
        }
        assertNotNull(client[0], "connected");
        return client[0];
    }

    private void writeRaw(byte[] bytes) {
        int fd = NativeIo.open(fifo.toString(), NativeIo.O_WRONLY | NativeIo.O_NONBLOCK);
        try (io.ipcring.transport.FdStream out = io.ipcring.transport.FdStream.nonBlocking(fd, "raw")) {
            ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            assertEquals(bytes.length, out.write(new ByteBuffer[] {b}, 0, 1));
        }
    }

    private static String receiveText(FifoClient client) throws InterruptedException {
        String[] text = new String[1];
        assertEquals(1, client.poll((type, buffer, offset, length) -> {
            byte[] bytes = new byte[length];
            buffer.get(offset, bytes);
            text[0] = type + ":" + new String(bytes, StandardCharsets.UTF_8);
        }, 1, 5, TimeUnit.SECONDS));
        return text[0];
    }
}
