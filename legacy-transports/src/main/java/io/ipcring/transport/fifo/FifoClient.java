package io.ipcring.transport.fifo;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.os.Errno;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.FrameDecoder;
import io.ipcring.transport.FrameWriter;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.StreamOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A client of a {@link FifoServer}: writes requests to the server's FIFO and, when opened with
 * {@code replies=true}, reads the server's replies from a FIFO of its own (see
 * {@link FifoProtocol}).
 *
 * <pre>{@code
 * try (FifoClient client = FifoClient.connect("fifo:/tmp/orders?replies=true")) {
 *     client.offer(request, 0, request.length, 1);
 *     client.poll(replyHandler, 1, 1, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p>Requests are at most {@link #maxMessageLength()} bytes so each frame fits one atomic FIFO
 * write ({@link FifoProtocol#PIPE_BUF}); a larger one is refused with
 * {@link IllegalArgumentException}. The request FIFO is non-blocking: an offer returns false
 * when it is full (a whole frame is written or nothing). A server that has gone makes offers
 * throw {@link ChannelClosedException} (EPIPE), and polls too once its replies are read.
 *
 * <p>Connecting fails at once with a clear error when no server reads the FIFO (ENXIO). With
 * replies, it creates {@code <server path>.reply-<pid>-<random>} (mode 0600), registers, waits up
 * to {@code connectTimeout} ms (default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS}) for the
 * server's acknowledgement, then unlinks that name.
 *
 * <p>URI parameters: {@code replies} (default false), {@code maxMessage} (largest request, at
 * most {@link FifoProtocol#MAX_REQUEST_PAYLOAD} with replies and
 * {@link FifoProtocol#MAX_PLAIN_PAYLOAD} without), {@code maxReply} (default 1 MiB),
 * {@code connectTimeout}, {@code writeTimeout}.
 *
 * <p>One thread may offer while another polls.
 */
public final class FifoClient implements Publisher, Subscriber {
    /** URI parameter: register a reply FIFO (true or false). */
    public static final String REPLIES = "replies";
    /** URI parameter: milliseconds to wait for the server's acknowledgement. */
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    /** The default connect timeout. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;

    static final Set<String> PARAMETERS = Set.of(REPLIES, StreamOptions.MAX_MESSAGE, FifoServer.MAX_REPLY,
            CONNECT_TIMEOUT, StreamOptions.WRITE_TIMEOUT);
    private static final SecureRandom IDS = new SecureRandom();

    private final String uri;
    private final long id;
    private final FdStream requests;
    private final FrameWriter writer;
    private final int maxMessage;
    private final FdStream replies;
    private final FrameDecoder decoder;
    private final ByteBuffer request;
    private volatile boolean closed;

    private FifoClient(String uri, long id, FdStream requests, StreamOptions requestOptions, int maxMessage,
                       FdStream replies, int maxReply) {
        this.uri = uri;
        this.id = id;
        this.requests = requests;
        this.writer = new FrameWriter(requests, requestOptions);
        this.maxMessage = maxMessage;
        this.replies = replies;
        this.decoder = replies == null ? null : FrameDecoder.of(replies, maxReply);
        this.request = replies == null ? null
                : ByteBuffer.allocateDirect(FifoProtocol.MAX_PLAIN_PAYLOAD).order(MessageFrame.BYTE_ORDER);
        if (request != null) {
            request.putLong(FifoProtocol.CLIENT_ID_OFFSET, id);
        }
    }

    /**
     * Connects to a server's FIFO.
     *
     * @param uri e.g. {@code fifo:/tmp/orders?replies=true}
     * @return the connected client
     * @throws IllegalArgumentException for an unknown parameter or a bad value
     * @throws ChannelException         when no server reads the FIFO, or it does not acknowledge
     */
    public static FifoClient connect(String uri) {
        return connect(ChannelUri.parse(uri));
    }

    static FifoClient connect(ChannelUri uri) {
        uri.requireOnly(PARAMETERS);
        String repliesValue = uri.parameter(REPLIES, "false");
        if (!repliesValue.equals("true") && !repliesValue.equals("false")) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + REPLIES + "=" + repliesValue + " must be true or false");
        }
        boolean withReplies = repliesValue.equals("true");
        int largest = withReplies ? FifoProtocol.MAX_REQUEST_PAYLOAD : FifoProtocol.MAX_PLAIN_PAYLOAD;
        long maxMessage = uri.longParameter(StreamOptions.MAX_MESSAGE, largest);
        if (maxMessage < 0 || maxMessage > largest) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + StreamOptions.MAX_MESSAGE + "=" + maxMessage
                    + " must be in [0, " + largest + "]: a request frame must fit one atomic FIFO write (PIPE_BUF="
                    + FifoProtocol.PIPE_BUF + " bytes with its header), or frames of concurrent clients could interleave");
        }
        long maxReply = uri.longParameter(FifoServer.MAX_REPLY, StreamOptions.DEFAULT_MAX_MESSAGE);
        long connectTimeout = uri.longParameter(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_MILLIS);
        if (connectTimeout <= 0) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + CONNECT_TIMEOUT + "=" + connectTimeout + " must be positive");
        }
        StreamOptions options = StreamOptions.of(uri, FifoProtocol.MAX_PLAIN_PAYLOAD);
        StreamOptions requestOptions = options.withMaxMessage(FifoProtocol.MAX_PLAIN_PAYLOAD);
        String serverPath = Paths.get(uri.target()).toString();
        int fd;
        try {
            fd = NativeIo.open(serverPath, NativeIo.O_WRONLY | NativeIo.O_NONBLOCK | NativeIo.O_CLOEXEC);
        } catch (NativeIo.NativeCallException e) {
            if (e.errno() == Errno.ENXIO) {
                throw new ChannelException(uri + ": no server is reading " + serverPath + " (ENXIO)", e);
            }
            if (e.errno() == Errno.ENOENT) {
                throw new ChannelException(uri + ": " + serverPath + " does not exist: is the server running?", e);
            }
            throw e;
        }
        if (!NativeIo.isFifo(fd)) {
            NativeIo.close(fd);
            throw new ChannelException(uri + ": " + serverPath + " is not a FIFO");
        }
        FdStream requests = FdStream.nonBlocking(fd, "fifo:" + serverPath);
        if (!withReplies) {
            return new FifoClient(uri.toString(), 0, requests, requestOptions, (int) maxMessage, null, 0);
        }
        try {
            return register(uri, serverPath, requests, requestOptions, (int) maxMessage,
                    options.withMaxMessage(checkedMaxReply(uri, maxReply)), connectTimeout);
        } catch (RuntimeException | InterruptedException e) {
            requests.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ChannelException(uri + ": interrupted while registering", e);
            }
            throw (RuntimeException) e;
        }
    }

    private static int checkedMaxReply(ChannelUri uri, long maxReply) {
        if (maxReply < 0 || maxReply > StreamOptions.MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + FifoServer.MAX_REPLY + "=" + maxReply
                    + " must be in [0, " + StreamOptions.MAX_MESSAGE_LIMIT + "]");
        }
        return (int) maxReply;
    }

    private static FifoClient register(ChannelUri uri, String serverPath, FdStream requests, StreamOptions requestOptions,
                                       int maxMessage, StreamOptions replyOptions, long connectTimeoutMillis)
            throws InterruptedException {
        long id = IDS.nextLong();
        long pid = ProcessHandle.current().pid();
        String replyPath = serverPath + ".reply-" + pid + "-" + Long.toHexString(id);
        byte[] pathBytes = replyPath.getBytes(StandardCharsets.UTF_8);
        if (FifoProtocol.PATH_OFFSET + pathBytes.length > FifoProtocol.MAX_PLAIN_PAYLOAD) {
            throw new IllegalArgumentException(uri + ": reply FIFO path of " + pathBytes.length + " bytes is too long for one atomic frame");
        }
        if (!NativeIo.mkfifo(replyPath, FifoProtocol.FIFO_MODE)) {
            throw new ChannelException(uri + ": " + replyPath + " already exists");
        }
        FdStream replies = null;
        try {
            replies = FdStream.nonBlocking(NativeIo.open(replyPath, NativeIo.O_RDONLY | NativeIo.O_NONBLOCK | NativeIo.O_CLOEXEC),
                    "fifo:" + replyPath + " (replies)");
            FifoClient client = new FifoClient(uri.toString(), id, requests, requestOptions, maxMessage, replies,
                    replyOptions.maxMessage());
            ByteBuffer registration = ByteBuffer.allocateDirect(FifoProtocol.PATH_OFFSET + pathBytes.length).order(MessageFrame.BYTE_ORDER);
            registration.putLong(FifoProtocol.CLIENT_ID_OFFSET, id).putLong(FifoProtocol.PID_OFFSET, pid).put(FifoProtocol.PATH_OFFSET, pathBytes);
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis);
            if (!client.writer.offer(registration, 0, registration.capacity(), FifoProtocol.REGISTER_TYPE, timeoutNanos)) {
                throw new ChannelException(uri + ": the server's FIFO stayed full for " + connectTimeoutMillis + " ms");
            }
            client.awaitAck(timeoutNanos);
            return client;
        } catch (RuntimeException | InterruptedException e) {
            if (replies != null) {
                replies.close();
            }
            throw e;
        } finally {
            // once the server has it open (or we gave up) the name is not needed any more
            deleteQuietly(replyPath);
        }
    }

    /**
     * Waits for ACK, reading exactly its bytes so nothing after it is consumed. Until the server
     * opens the reply FIFO it has no writer: poll(2) sleeps (a FIFO that never had a writer
     * reports no hang-up) and a read would say end of stream, so nothing is read before poll(2)
     * reports data.
     */
    private void awaitAck(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        ByteBuffer ack = ByteBuffer.allocateDirect(MessageFrame.HEADER_LENGTH + FifoProtocol.ID_ONLY_LENGTH)
                .order(MessageFrame.BYTE_ORDER);
        while (ack.hasRemaining()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !replies.awaitReadable(left)) {
                throw new ChannelException(uri + ": the server did not acknowledge the registration within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            if (replies.read(ack) < 0) {
                throw new ChannelClosedException(uri + ": the server closed the reply FIFO before acknowledging");
            }
        }
        int length = MessageFrame.readLength(ack, 0, FifoProtocol.ID_ONLY_LENGTH, replies.name());
        int type = ack.getInt(MessageFrame.TYPE_OFFSET);
        if (type != FifoProtocol.ACK_TYPE || length != FifoProtocol.ID_ONLY_LENGTH
                || ack.getLong(MessageFrame.HEADER_LENGTH + FifoProtocol.CLIENT_ID_OFFSET) != id) {
            throw new MalformedFrameException(uri + ": expected the server's acknowledgement, got type=" + type + " length=" + length);
        }
    }

    private static void deleteQuietly(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException ignored) {
            // it lives in the server's directory, which we could write a moment ago
        }
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        try {
            return offer(src, offset, length, type, 0);
        } catch (InterruptedException e) {
            // a zero timeout never waits, so it is never interrupted while waiting
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        return offer(src, offset, length, type, Math.max(1, unit.toNanos(timeout)));
    }

    private boolean offer(ByteBuffer src, int offset, int length, int type, long timeoutNanos) throws InterruptedException {
        MessageFrame.checkUserType(type);
        checkOpen();
        if (length < 0 || length > maxMessage) {
            throw new IllegalArgumentException(uri + ": length=" + length + " must be in [0, " + maxMessage
                    + "]: a request frame must fit one atomic FIFO write (PIPE_BUF=" + FifoProtocol.PIPE_BUF
                    + " bytes with its header), so larger ones are refused");
        }
        if (request == null) {
            return writer.offer(src, offset, length, type, timeoutNanos);
        }
        request.putInt(FifoProtocol.USER_TYPE_OFFSET, type);
        request.put(FifoProtocol.USER_PAYLOAD_OFFSET, src, offset, length);
        return writer.offer(request, 0, FifoProtocol.USER_PAYLOAD_OFFSET + length, FifoProtocol.REQUEST_TYPE, timeoutNanos);
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        return decoder().poll(handler, limit);
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        FrameDecoder d = decoder();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            // wait first (the one poll(2) the timeout needs), then read once
            if (left > 0 && !d.hasBufferedFrame() && !replies.awaitReadable(left)) {
                left = 0;
            }
            int n = d.poll(handler, limit);
            if (n > 0 || left <= 0) {
                return n;
            }
        }
    }

    private FrameDecoder decoder() {
        checkOpen();
        if (decoder == null) {
            throw new UnsupportedOperationException(uri + " was opened without replies (add ?" + REPLIES + "=true)");
        }
        return decoder;
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(uri + " is closed");
        }
    }

    /** @return the id this client registered with, 0 without replies */
    public long id() {
        return id;
    }

    @Override
    public int maxMessageLength() {
        return maxMessage;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Unregisters (best effort: skipped if the server's FIFO is full) and closes both FIFOs. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (request != null) {
                writer.offer(request, 0, FifoProtocol.ID_ONLY_LENGTH, FifoProtocol.UNREGISTER_TYPE, 0);
            }
        } catch (ChannelException | InterruptedException e) {
            // the server is gone or busy: it learns of our departure when a reply fails
        } finally {
            requests.close();
            if (replies != null) {
                replies.close();
            }
        }
    }
}
