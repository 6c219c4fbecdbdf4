package io.ipcring.stress.fuzz;

import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.fifo.FifoPeer;
import io.ipcring.transport.fifo.FifoProtocol;
import io.ipcring.transport.fifo.FifoRequestHandler;
import io.ipcring.transport.fifo.FifoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link FifoServer} fed by a hostile writer: each case writes at most {@code PIPE_BUF} bytes
 * to the server's FIFO in one atomic write (as every writer of a shared FIFO must), either
 * mutated frames of any type or a sequence of the protocol's control frames (REGISTER naming
 * absent reply paths, REQUEST, UNREGISTER) with wrong lengths and types mixed in, then polls the
 * server until the FIFO is empty. The server must deliver exactly the user frames and requests
 * before the first malformed frame, report that one to {@code onMalformed}, drop the rest, and
 * never register a client. The one server serves every case.
 */
public final class FifoFuzzTarget implements FuzzTarget {
    private static final int MAX_LENGTH = FifoProtocol.MAX_PLAIN_PAYLOAD;
    /** Reply paths of hostile REGISTER frames: in a directory that does not exist, the same in every run. */
    private static final String ABSENT_DIRECTORY = "/nonexistent-ipcring-fuzz/reply-";
    private static final int[] CONTROL_TYPES = {FifoProtocol.REGISTER_TYPE, FifoProtocol.REQUEST_TYPE, FifoProtocol.UNREGISTER_TYPE};

    private final Path dir;
    private final Path fifo;
    private final FifoServer server;
    private final List<String> events = new ArrayList<>();
    private final FifoRequestHandler recorder = new FifoRequestHandler() {
        @Override
        public void onRequest(FifoPeer client, int type, ByteBuffer buffer, int offset, int length) {
            events.add(Frame.of(type, buffer, offset, length).toString());
        }

        @Override
        public void onDisconnect(FifoPeer client, io.ipcring.channel.ChannelException cause) {
            events.add("disconnect of " + client);
        }

        @Override
        public void onMalformed(MalformedFrameException error) {
            events.add(StreamChunks.MALFORMED);
        }
    };

    /** Opens the server on a FIFO in a fresh temporary directory. */
    public FifoFuzzTarget() {
        try {
            dir = Files.createTempDirectory("ipcring-fuzz-fifo-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fifo = dir.resolve("requests");
        server = FifoServer.open("fifo:" + fifo);
    }

    @Override
    public String name() {
        return "fifo-server";
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        byte[] bytes = random.nextBoolean()
                ? FrameBytes.stream(random, MAX_LENGTH, 1 + random.nextInt(FifoProtocol.PIPE_BUF), CONTROL_TYPES)
                : controlFrames(random);
        List<String> expected = expected(StreamOracle.decode(bytes, MAX_LENGTH, CONTROL_TYPES));
        events.clear();
        writeAtomically(bytes);
        int polls = 0;
        int delivered;
        do {
            FuzzFailure.checkDeadline("fifo-server", deadlineNanos, "polling after " + polls + " polls");
            delivered = server.poll(recorder, StreamChunks.limit(random));
            polls++;
        } while (delivered > 0);
        // a last poll: the FIFO must be empty now, whatever the previous one returned
        server.poll(recorder, 1000);
        FuzzFailure.checkEvents("fifo-server bytes=" + bytes.length, expected, events);
        if (!server.clients().isEmpty()) {
            throw new FuzzFailure("fifo-server: a hostile REGISTER made a client: " + server.clients());
        }
        int malformed = expected.isEmpty() || !expected.get(expected.size() - 1).equals(StreamChunks.MALFORMED) ? 0 : 1;
        return new CaseResult(expected.size() - malformed, malformed, bytes.length);
    }

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the temporary directory holding the FIFO, removed on close */
    Path directory() {
        return dir;
    }

    /** The server's protocol on top of the stream oracle: control frames are checked and consumed. */
    private static List<String> expected(StreamOracle.Expected decoded) {
        List<String> events = new ArrayList<>();
        ByteBuffer view = ByteBuffer.wrap(decoded.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (StreamOracle.Span span : decoded.spans()) {
            switch (span.type()) {
                case FifoProtocol.REGISTER_TYPE:
                    if (span.length() <= FifoProtocol.PATH_OFFSET) {
                        events.add(StreamChunks.MALFORMED);
                        return events;
                    }
                    break;
                case FifoProtocol.REQUEST_TYPE:
                    int userType = span.length() < FifoProtocol.USER_PAYLOAD_OFFSET ? 0
                            : view.getInt(span.offset() + FifoProtocol.USER_TYPE_OFFSET);
                    if (userType <= 0) {
                        events.add(StreamChunks.MALFORMED);
                        return events;
                    }
                    events.add(Frame.of(userType, decoded.bytes(), span.offset() + FifoProtocol.USER_PAYLOAD_OFFSET,
                            span.length() - FifoProtocol.USER_PAYLOAD_OFFSET).toString());
                    break;
                case FifoProtocol.UNREGISTER_TYPE:
                    if (span.length() != FifoProtocol.ID_ONLY_LENGTH) {
                        events.add(StreamChunks.MALFORMED);
                        return events;
                    }
                    break;
                default:
                    events.add(Frame.of(span.type(), decoded.bytes(), span.offset(), span.length()).toString());
                    break;
            }
        }
        if (decoded.ending() == StreamOracle.Ending.MALFORMED) {
            events.add(StreamChunks.MALFORMED);
        }
        return events;
    }

    /** A sequence of control frames, mostly well-formed, with wrong lengths and types mixed in. */
    private static byte[] controlFrames(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(6);
        for (int i = 0; i < frames; i++) {
            ByteBuffer payload;
            int type;
            switch (random.nextInt(4)) {
                case 0:
                    byte[] path = (ABSENT_DIRECTORY + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
                    int pathLength = random.nextInt(8) == 0 ? 0 : path.length;
                    payload = ByteBuffer.allocate(FifoProtocol.PATH_OFFSET + pathLength).order(MessageFrame.BYTE_ORDER);
                    payload.putLong(random.nextLong()).putLong(random.nextInt(1 << 22)).put(path, 0, pathLength);
                    type = FifoProtocol.REGISTER_TYPE;
                    break;
                case 1:
                    int userLength = random.nextInt(64);
                    int prefix = random.nextInt(8) == 0 ? random.nextInt(FifoProtocol.USER_PAYLOAD_OFFSET) : FifoProtocol.USER_PAYLOAD_OFFSET;
                    payload = ByteBuffer.allocate(prefix + userLength).order(MessageFrame.BYTE_ORDER);
                    if (prefix == FifoProtocol.USER_PAYLOAD_OFFSET) {
                        payload.putLong(random.nextLong()).putInt(random.nextInt(8) == 0 ? -random.nextInt(3) : 1 + random.nextInt(1000));
                    }
                    type = FifoProtocol.REQUEST_TYPE;
                    break;
                case 2:
                    payload = ByteBuffer.allocate(random.nextInt(4) == 0 ? random.nextInt(16) : FifoProtocol.ID_ONLY_LENGTH);
                    type = FifoProtocol.UNREGISTER_TYPE;
                    break;
                default:
                    payload = ByteBuffer.allocate(random.nextInt(64));
                    type = 1 + random.nextInt(1000);
                    break;
            }
            byte[] frame = FrameBytes.frame(random, payload.capacity(), type);
            System.arraycopy(payload.array(), 0, frame, MessageFrame.HEADER_LENGTH, payload.position());
            if (out.size() + frame.length > FifoProtocol.PIPE_BUF) {
                break;
            }
            out.writeBytes(frame);
        }
        byte[] bytes = out.toByteArray();
        return random.nextInt(10) == 0 && bytes.length > 0 ? java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)) : bytes;
    }

    private void writeAtomically(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        int fd = NativeIo.open(fifo.toString(), NativeIo.O_WRONLY | NativeIo.O_NONBLOCK | NativeIo.O_CLOEXEC);
        try (FdStream out = FdStream.nonBlocking(fd, "fuzz writer of " + fifo)) {
            ByteBuffer src = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            long written = out.write(new ByteBuffer[] {src}, 0, 1);
            if (written != bytes.length) {
                throw new FuzzFailure("fifo-server: wrote " + written + " of " + bytes.length + " bytes in one write;"
                        + " the FIFO should be empty between cases");
            }
        }
    }
}
