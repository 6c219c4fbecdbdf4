package io.ipcring.transport.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.Frames;
import io.ipcring.transport.TestDirectory;
import io.ipcring.transport.internal.FdStream;
import io.ipcring.transport.internal.NativeIo;
import io.ipcring.transport.server.MessageServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only a FIFO server does (the rest is {@code FifoMessageServerTest}, the server contract):
 * the atomic-write bound, registrations that name anything but the client's own FIFO, and the
 * FIFO file itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FifoTransportTest {
    @RegisterExtension
    final TestDirectory dir = new TestDirectory("ipcring-fifo-test-", "FIFOs");
    private Path fifo;

    @BeforeEach
    void setUp() {
        fifo = dir.resolve("server");
    }

    @Test
    void theFifoIsPrivateAndRemovedOnCloseUnlessAskedToStay() throws IOException {
        try (MessageServer server = MessageServer.open("fifo:" + fifo)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo)));
            assertEquals("fifo:" + fifo, server.clientUri());
        }
        assertFalse(Files.exists(fifo), "the server removed its FIFO");
        MessageServer.open("fifo:" + fifo + "?remove=false").close();
        assertTrue(Files.exists(fifo), "remove=false keeps it");
        Files.delete(fifo);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageServer.open("fifo:" + fifo + "?remove=yes"));
        assertTrue(e.getMessage().contains("remove=yes must be true or false"), e.getMessage());
    }

    @Test
    void requestsLargerThanOneAtomicWriteAreRefused() throws Exception {
        try (MessageServer server = MessageServer.open("fifo:" + fifo);
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
    void aRegistrationNamingARegularFileIsIgnoredAndTheFileUntouched() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious");
        try (MessageServer server = MessageServer.open("fifo:" + fifo)) {
            byte[] path = victim.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer payload = ByteBuffer.allocate(16 + path.length).order(MessageFrame.BYTE_ORDER);
            payload.putLong(42).putLong(1).put(path);
            writeRaw(Frames.frame(FifoProtocol.REGISTER_TYPE, payload.array()));
            assertEquals(0, server.poll((c, t, b, o, l) -> { }, 10, 200, TimeUnit.MILLISECONDS));
            assertTrue(server.peers().isEmpty());
        } finally {
            assertEquals("precious", Files.readString(victim));
            Files.delete(victim);
        }
    }

    @Test
    void aClientOfAClosedServerIsToldTheReaderIsGone() throws Exception {
        MessageServer server = MessageServer.open("fifo:" + fifo);
        FifoClient client = connectWithReplies(server);
        try {
            server.close();
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> client.offer(new byte[1], 0, 1, 1));
            assertTrue(e.getMessage().contains("EPIPE"), e.getMessage());
        } finally {
            client.close();
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
    void anExistingRegularFileIsNotTakenForAFifo() throws IOException {
        Files.writeString(fifo, "x");
        try {
            ChannelException e = assertThrows(ChannelException.class, () -> MessageServer.open("fifo:" + fifo));
            assertTrue(e.getMessage().contains("is not a FIFO"), e.getMessage());
        } finally {
            Files.delete(fifo);
        }
    }

    /** Connects while this thread serves the registration (the server polls until acknowledged). */
    private FifoClient connectWithReplies(MessageServer server) throws Exception {
        FifoClient[] client = new FifoClient[1];
        RuntimeException[] failure = new RuntimeException[1];
        Thread connector = new Thread(() -> {
            try {
                client[0] = FifoClient.connect("fifo:" + fifo + "?replies=true&connectTimeout=10000");
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        int before = server.peers().size();
        connector.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.peers().size() == before && System.nanoTime() < deadline) {
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
        try (FdStream out = FdStream.nonBlocking(fd, "raw")) {
            ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            assertEquals(bytes.length, out.write(new ByteBuffer[] {b}, 0, 1));
        }
    }
}
