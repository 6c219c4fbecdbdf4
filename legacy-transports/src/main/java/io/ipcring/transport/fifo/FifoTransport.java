package io.ipcring.transport.fifo;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.internal.FdStream;
import io.ipcring.transport.internal.FrameDecoder;
import io.ipcring.transport.internal.NativeIo;
import io.ipcring.transport.internal.PeerLink;
import io.ipcring.transport.internal.ServerTransport;
import io.ipcring.transport.server.MessageServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/**
 * The FIFO side of a {@link MessageServer} ({@code fifo:/path}): one well-known FIFO that many
 * clients write to, and a reply FIFO per registered client (see {@link FifoProtocol} for identity
 * and the atomic-frame rule).
 *
 * <p>Opening creates the FIFO with mode 0600 when absent (an existing FIFO is reused; anything
 * else at the path is an error). It is opened {@code O_RDONLY|O_NONBLOCK}, which never waits for
 * a writer, and then once more {@code O_WRONLY|O_NONBLOCK} by the server itself: with that dummy
 * writer the FIFO always has a writer, so clients coming and going never make it report end of
 * stream (which would make every later poll see EOF and spin) and a poll with a timeout really
 * sleeps in {@code poll(2)}.
 *
 * <p>The FIFO is the server's shared request stream: a frame announcing more than
 * {@link FifoProtocol#MAX_PLAIN_PAYLOAD} bytes is malformed and nothing is allocated for it.
 * REGISTER opens the client's reply FIFO (only a FIFO owned by the server's own user, opened so
 * that nothing else is truncated or becomes a controlling terminal) and acknowledges it; REQUEST
 * is delivered with the registered client it names; UNREGISTER closes it.
 *
 * <p>URI parameters: {@code maxReply} (largest reply, default 1 MiB), {@code writeTimeout}
 * ({@link StreamOptions}), {@code remove} (default true: unlink the FIFO on close).
 */
final class FifoTransport implements ServerTransport {
    /** URI parameter: the largest reply. */
    static final String MAX_REPLY = "maxReply";
    /** URI parameter: unlink the FIFO on close (true or false). */
    static final String REMOVE = "remove";

    static final Set<String> PARAMETERS = Set.of(MAX_REPLY, StreamOptions.WRITE_TIMEOUT, REMOVE);
    private static final System.Logger LOG = System.getLogger(FifoTransport.class.getName());

    private final String uri;
    private final Path path;
    private final boolean remove;
    private final StreamOptions replyOptions;
    private final FdStream requests;
    private final int dummyWriter;
    private final FrameDecoder decoder;
    /** One ACK frame, header included, written in one piece. */
    private final ByteBuffer ack = ByteBuffer.allocateDirect(MessageFrame.HEADER_LENGTH + FifoProtocol.ID_ONLY_LENGTH)
            .order(MessageFrame.BYTE_ORDER);
    private final ByteBuffer[] ackParts = {ack};

    private FifoTransport(String uri, Path path, boolean remove, StreamOptions replyOptions, FdStream requests, int dummyWriter) {
        this.uri = uri;
        this.path = path;
        this.remove = remove;
        this.replyOptions = replyOptions;
        this.requests = requests;
        this.dummyWriter = dummyWriter;
        this.decoder = FrameDecoder.wholeFrames(requests, FifoProtocol.MAX_PLAIN_PAYLOAD,
                FifoProtocol.REGISTER_TYPE, FifoProtocol.REQUEST_TYPE, FifoProtocol.UNREGISTER_TYPE);
        MessageFrame.putHeader(ack, 0, FifoProtocol.ID_ONLY_LENGTH, FifoProtocol.ACK_TYPE);
    }

    /**
     * Opens a server from a URI such as {@code fifo:/tmp/orders?maxReply=64k}.
     *
     * @param uri the URI
     * @return the server
     * @throws IllegalArgumentException for an unknown parameter or a bad value
     * @throws ChannelException         when the FIFO cannot be created or opened
     */
    static MessageServer open(ChannelUri uri) {
        uri.requireOnly(PARAMETERS);
        String removeValue = uri.parameter(REMOVE, "true");
        if (!removeValue.equals("true") && !removeValue.equals("false")) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + REMOVE + "=" + removeValue + " must be true or false");
        }
        long maxReply = uri.longParameter(MAX_REPLY, StreamOptions.DEFAULT_MAX_MESSAGE);
        if (maxReply < 0 || maxReply > StreamOptions.MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + MAX_REPLY + "=" + maxReply
                    + " must be in [0, " + StreamOptions.MAX_MESSAGE_LIMIT + "]");
        }
        StreamOptions options = StreamOptions.of(uri, StreamOptions.DEFAULT_MAX_MESSAGE).withMaxMessage((int) maxReply);
        Path path = Paths.get(uri.target());
        String name = path.toString();
        NativeIo.mkfifo(name, FifoProtocol.FIFO_MODE);
        int reader = NativeIo.open(name, NativeIo.O_RDONLY | NativeIo.O_NONBLOCK | NativeIo.O_CLOEXEC);
        int writer;
        try {
            if (!NativeIo.isFifo(reader)) {
                throw new ChannelException(uri + ": " + name + " exists and is not a FIFO");
            }
            writer = NativeIo.open(name, NativeIo.O_WRONLY | NativeIo.O_NONBLOCK | NativeIo.O_CLOEXEC);
        } catch (RuntimeException e) {
            NativeIo.close(reader);
            throw e;
        }
        FdStream requests = FdStream.nonBlocking(reader, "fifo:" + name);
        FifoTransport transport = new FifoTransport(uri.toString(), path, removeValue.equals("true"), options, requests, writer);
        return MessageServer.over(uri.toString(), transport);
    }

    @Override
    public void await(long waitNanos, Events events) {
        if (waitNanos <= 0) {
            // a poll that does not wait makes one read, which tells whether there is anything
            events.onSharedReadable();
            return;
        }
        try {
            if (requests.awaitReadable(waitNanos)) {
                events.onSharedReadable();
            }
        } catch (InterruptedException e) {
            // the server's timed poll reports it
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public PeerLink accept(long id) {
        return null;
    }

    @Override
    public FrameDecoder sharedRequests() {
        return decoder;
    }

    @Override
    public void onControlFrame(int type, ByteBuffer buffer, int offset, int length, Registry registry) {
        switch (type) {
            case FifoProtocol.REGISTER_TYPE:
                register(buffer, offset, length, registry);
                break;
            case FifoProtocol.REQUEST_TYPE:
                if (length < FifoProtocol.USER_PAYLOAD_OFFSET) {
                    throw new MalformedFrameException(uri + ": REQUEST frame of " + length + " bytes is shorter than its "
                            + FifoProtocol.USER_PAYLOAD_OFFSET + "-byte prefix");
                }
                int userType = buffer.getInt(offset + FifoProtocol.USER_TYPE_OFFSET);
                if (userType <= 0) {
                    throw new MalformedFrameException(uri + ": REQUEST frame carries reserved type " + userType);
                }
                registry.request(buffer.getLong(offset + FifoProtocol.CLIENT_ID_OFFSET), userType, buffer,
                        offset + FifoProtocol.USER_PAYLOAD_OFFSET, length - FifoProtocol.USER_PAYLOAD_OFFSET);
                break;
            case FifoProtocol.UNREGISTER_TYPE:
                if (length != FifoProtocol.ID_ONLY_LENGTH) {
                    throw new MalformedFrameException(uri + ": UNREGISTER frame of " + length + " bytes, expected "
                            + FifoProtocol.ID_ONLY_LENGTH);
                }
                registry.unregister(buffer.getLong(offset + FifoProtocol.CLIENT_ID_OFFSET));
                break;
            default:
                throw new MalformedFrameException(uri + ": frame of reserved type " + type);
        }
    }

    private void register(ByteBuffer buffer, int offset, int length, Registry registry) {
        if (length <= FifoProtocol.PATH_OFFSET) {
            throw new MalformedFrameException(uri + ": REGISTER frame of " + length + " bytes has no reply path");
        }
        long id = buffer.getLong(offset + FifoProtocol.CLIENT_ID_OFFSET);
        long pid = buffer.getLong(offset + FifoProtocol.PID_OFFSET);
        byte[] pathBytes = new byte[length - FifoProtocol.PATH_OFFSET];
        buffer.get(offset + FifoProtocol.PATH_OFFSET, pathBytes);
        String replyPath = new String(pathBytes, StandardCharsets.UTF_8);
        int fd;
        try {
            // a hostile path may name anything: opening for writing never truncates, and a
            // terminal does not become ours; anything but our own FIFO is closed unwritten
            fd = NativeIo.open(replyPath, NativeIo.O_WRONLY | NativeIo.O_NONBLOCK | NativeIo.O_CLOEXEC | NativeIo.O_NOCTTY);
        } catch (ChannelException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: client {1} (pid {2}) registered {3}, which cannot be opened: {4}",
                    uri, Long.toHexString(id), pid, replyPath, e.getMessage());
            return;
        }
        if (!NativeIo.isFifo(fd) || NativeIo.ownerUid(fd) != NativeIo.effectiveUid()) {
            NativeIo.close(fd);
            LOG.log(System.Logger.Level.WARNING, "{0}: client {1} (pid {2}) registered {3}, which is not a FIFO owned by uid {4}; ignored",
                    uri, Long.toHexString(id), pid, replyPath, NativeIo.effectiveUid());
            return;
        }
        FdStream reply = FdStream.nonBlocking(fd, "fifo:" + replyPath + " (reply to client " + Long.toHexString(id) + ", pid " + pid + ")");
        try {
            // 16 bytes, well under PIPE_BUF: the write takes all of it or nothing
            ack.putLong(MessageFrame.HEADER_LENGTH + FifoProtocol.CLIENT_ID_OFFSET, id).clear();
            if (reply.write(ackParts, 0, 1) != ack.capacity()) {
                throw new ChannelException(reply.name() + ": no room for the registration acknowledgement");
            }
        } catch (ChannelException e) {
            reply.close();
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot acknowledge client {1}: {2}", uri, Long.toHexString(id), e.getMessage());
            return;
        }
        registry.register(new PeerLink(id, pid, null, replyPath, reply, false, replyOptions));
    }

    @Override
    public String clientUri() {
        return "fifo:" + path;
    }

    /** Closes the FIFO and unlinks it unless {@code remove=false}. */
    @Override
    public void close() {
        NativeIo.close(dummyWriter);
        requests.close();
        if (remove) {
            try {
                Files.deleteIfExists(path);
            } catch (java.io.IOException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot remove {1}: {2}", uri, path, e);
            }
        }
    }
}
