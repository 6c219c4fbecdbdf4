package io.ipcring.stress.fuzz;

import io.ipcring.channel.ChannelException;
import io.ipcring.transport.socket.Connection;
import io.ipcring.transport.socket.ServerHandler;
import io.ipcring.transport.socket.SocketServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link SocketServer} on a Unix domain socket, fed by hostile clients: each case connects a
 * raw non-blocking client, writes the hostile bytes in random chunks between server polls with
 * random limits, closes, and polls until the server drops the connection. What the server
 * delivered for that connection and why it dropped it must match the oracle; the one server
 * serves every case, so it must stay usable after each hostile client.
 */
public final class SocketFuzzTarget implements FuzzTarget {
    /** The server's largest payload: beyond the decoder's initial 64 KiB buffer. */
    static final int MAX_LENGTH = 70_000;
    private static final int MAX_BYTES = 300_000;

    private final Path dir;
    private final Path socket;
    private final SocketServer server;
    private final Recorder recorder = new Recorder();

    /** Binds the server in a fresh temporary directory. */
    public SocketFuzzTarget() {
        try {
            dir = Files.createTempDirectory("ipcring-fuzz-socket-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        socket = dir.resolve("fuzz.sock");
        server = SocketServer.open("unix:" + socket + "?maxMessage=" + MAX_LENGTH);
    }

    @Override
    public String name() {
        return "unix-socket";
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        byte[] bytes = FrameBytes.stream(random, MAX_LENGTH, 1 + random.nextInt(MAX_BYTES));
        StreamOracle.Expected expected = StreamOracle.decode(bytes, MAX_LENGTH);
        recorder.start();
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            client.configureBlocking(false);
            ByteBuffer src = ByteBuffer.wrap(bytes);
            boolean open = true;
            while (open) {
                FuzzFailure.checkDeadline("unix-socket", deadlineNanos, src.remaining() + " bytes still to write");
                int limit = src.limit();
                src.limit(Math.min(limit, src.position() + StreamChunks.size(random)));
                try {
                    client.write(src);
                } catch (IOException e) {
                    open = false;
                }
                src.limit(limit);
                if (!src.hasRemaining()) {
                    open = false;
                }
                server.poll(recorder, StreamChunks.limit(random));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fuzz client of " + socket, e);
        }
        while (recorder.ending == null) {
            FuzzFailure.checkDeadline("unix-socket", deadlineNanos, "waiting for the server to drop the closed client");
            server.poll(recorder, StreamChunks.limit(random));
        }
        recorder.events.add(StreamChunks.ending(recorder.ending));
        FuzzFailure.checkEvents("unix-socket bytes=" + bytes.length, StreamChunks.events(expected), recorder.events);
        if (!server.connections().isEmpty()) {
            throw new FuzzFailure("unix-socket: connections still open after the client left: " + server.connections());
        }
        return new CaseResult(expected.spans().size(), expected.ending() == StreamOracle.Ending.MALFORMED ? 1 : 0, bytes.length);
    }

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the temporary directory holding the socket, removed on close */
    Path directory() {
        return dir;
    }

    /** Records what the server does with the one connection of the current case. */
    private static final class Recorder implements ServerHandler {
        final List<String> events = new ArrayList<>();
        Connection connection;
        ChannelException ending;

        void start() {
            events.clear();
            connection = null;
            ending = null;
        }

        @Override
        public void onConnect(Connection c) {
            if (connection != null) {
                events.add("second connection " + c);
            }
            connection = c;
        }

        @Override
        public void onMessage(Connection c, int type, ByteBuffer buffer, int offset, int length) {
            events.add(c == connection ? Frame.of(type, buffer, offset, length).toString() : "message on " + c);
        }

        @Override
        public void onDisconnect(Connection c, ChannelException cause) {
            if (c != connection || ending != null) {
                events.add("disconnect of " + c);
                return;
            }
            ending = cause;
        }
    }
}
