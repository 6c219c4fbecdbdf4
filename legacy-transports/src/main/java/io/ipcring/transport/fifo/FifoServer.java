package io.ipcring.transport.fifo;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.FrameDecoder;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.StreamOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server of the FIFO client/server pattern ({@code fifo:/path}): reads requests from one
 * well-known FIFO that many clients write to, and replies to each registered client on its own
 * FIFO (see {@link FifoProtocol} for identity and the atomic-frame rule).
 *
 * <p>Opening creates the FIFO with mode 0600 when absent (an existing FIFO is reused; anything
 * else at the path is an error). It is opened {@code O_RDONLY|O_NONBLOCK}, which never waits for
 * a writer, and then once more {@code O_WRONLY|O_NONBLOCK} by the server itself: with that dummy
 * writer the FIFO always has a writer, so clients coming and going never make it report end of
 * stream (which would make every later poll see EOF and spin) and a poll with a timeout really
 * sleeps in {@code poll(2)}.
 *
 * <p>A malformed frame cannot be pinned on a writer (a FIFO does not say who wrote), so the
 * server drops everything queued in the FIFO at that moment, which ends at a write boundary
 * because every write is a whole frame, tells {@link FifoRequestHandler#onMalformed}, logs it,
 * and goes on. A frame announcing more than {@link FifoProtocol#MAX_PLAIN_PAYLOAD} bytes is
 * malformed and nothing is allocated for it.
 *
 * <p>URI parameters: {@code maxReply} (largest reply, default 1 MiB), {@code writeTimeout}
 * ({@link StreamOptions}), {@code remove} (default true: unlink the FIFO on close).
 *
 * <p>Used by one thread: polls, and replies from within the handler or between polls.
 */
public final class FifoServer implements Subscriber {
    /** URI parameter: the largest reply. */
    public static final String MAX_REPLY = "maxReply";
    /** URI parameter: unlink the FIFO on close (true or false). */
    public static final String REMOVE = "remove";

    static final Set<String> PARAMETERS = Set.of(MAX_REPLY, StreamOptions.WRITE_TIMEOUT, REMOVE);
    private static final System.Logger LOG = System.getLogger(FifoServer.class.getName());

    private final String uri;
    private final Path path;
    private final boolean remove;
    private final StreamOptions replyOptions;
    private final FdStream requests;
    private final int dummyWriter;
    private final FrameDecoder decoder;
    private final Map<Long, FifoPeer> clients = new HashMap<>();
    private final ByteBuffer ack = ByteBuffer.allocateDirect(FifoProtocol.ID_ONLY_LENGTH).order(MessageFrame.BYTE_ORDER);
    private final Dispatcher dispatcher = new Dispatcher();
    private final ArrayDeque<FifoPeer> failed = new ArrayDeque<>();
    private final Consumer<FifoPeer> onFailure = failed::add;
    private MessageHandler adaptedHandler;
    private FifoRequestHandler adapter;
    private boolean closed;

    private FifoServer(String uri, Path path, boolean remove, StreamOptions replyOptions, FdStream requests, int dummyWriter) {
        this.uri = uri;
        this.path = path;
        this.remove = remove;
        this.replyOptions = replyOptions;
        this.requests = requests;
        this.dummyWriter = dummyWriter;
        this.decoder = FrameDecoder.wholeFrames(requests, FifoProtocol.MAX_PLAIN_PAYLOAD,
                FifoProtocol.REGISTER_TYPE, FifoProtocol.REQUEST_TYPE, FifoProtocol.UNREGISTER_TYPE);
    }

    /**
     * Opens a server from a URI such as {@code fifo:/tmp/orders?maxReply=64k}.
     *
     * @param uri the URI
     * @return the server
     * @throws IllegalArgumentException for an unknown parameter or a bad value
     * @throws ChannelException         when the FIFO cannot be created or opened
     */
    public static FifoServer open(String uri) {
        return open(ChannelUri.parse(uri));
    }

    static FifoServer open(ChannelUri uri) {
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
        return new FifoServer(uri.toString(), path, removeValue.equals("true"), options, requests, writer);
    }

    /**
     * Handles the requests available now, up to {@code limit}; never waits. Registrations and
     * other control frames are handled on the way and not counted.
     *
     * @param handler receives requests, departures and malformed-frame reports
     * @param limit   the most requests to deliver, positive
     * @return the number of requests delivered
     */
    public int poll(FifoRequestHandler handler, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        checkOpen();
        dispatcher.handler = handler;
        dispatcher.delivered = 0;
        dispatcher.inUserHandler = false;
        try {
            reportFailedClients(handler);
            while (dispatcher.delivered < limit) {
                int asked = limit - dispatcher.delivered;
                if (decoder.poll(dispatcher, asked) < asked && !decoder.hasBufferedFrame()) {
                    // the decoder stopped because the FIFO had nothing more, not at the limit
                    // (control frames count there but not here); an error it holds back is
                    // thrown by the next round, so it is handled in this poll
                    break;
                }
            }
        } catch (MalformedFrameException e) {
            if (dispatcher.inUserHandler) {
                throw e;
            }
            long dropped = decoder.discardAvailable();
            LOG.log(System.Logger.Level.WARNING, "{0}; dropped the {1} bytes queued in the FIFO", e.getMessage(), dropped);
            handler.onMalformed(e);
        } finally {
            dispatcher.handler = null;
        }
        return dispatcher.delivered;
    }

    private void reportFailedClients(FifoRequestHandler handler) {
        FifoPeer client;
        while ((client = failed.poll()) != null) {
            clients.remove(client.id(), client);
            handler.onDisconnect(client, client.failure());
        }
    }

    /**
     * Like {@link #poll(FifoRequestHandler, int)}, waiting up to {@code timeout} for a first
     * request.
     *
     * @param handler receives requests, departures and malformed-frame reports
     * @param limit   the most requests to deliver, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the number of requests delivered, 0 when the timeout expired
     * @throws InterruptedException if interrupted while waiting
     */
    public int poll(FifoRequestHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            // wait first (the one poll(2) the timeout needs), then read once; nothing to wait
            // for when a frame is buffered or a departed client is still to be reported
            if (left > 0 && !decoder.hasBufferedFrame() && failed.isEmpty() && !requests.awaitReadable(left)) {
                left = 0;
            }
            int n = poll(handler, limit);
            if (n > 0 || left <= 0) {
                return n;
            }
        }
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        return poll(adapt(handler), limit);
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return poll(adapt(handler), limit, timeout, unit);
    }

    /** The adapter of the handler last passed, kept while the caller passes the same one: no allocation per poll. */
    private FifoRequestHandler adapt(MessageHandler handler) {
        if (handler != adaptedHandler) {
            adaptedHandler = handler;
            adapter = (client, type, buffer, offset, length) -> handler.onMessage(type, buffer, offset, length);
        }
        return adapter;
    }

    /** @return the registered clients */
    public Collection<FifoPeer> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    /** @return the FIFO's path */
    public Path path() {
        return path;
    }

    @Override
    public String uri() {
        return uri;
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(uri + " is closed");
        }
    }

    /**
     * Closes every reply FIFO (clients see end of stream), the FIFO, and unlinks it unless
     * {@code remove=false}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FifoPeer client : new ArrayList<>(clients.values())) {
            client.close();
        }
        clients.clear();
        failed.clear();
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

    private void register(ByteBuffer buffer, int offset, int length) {
        if (length <= FifoProtocol.PATH_OFFSET) {
            throw new MalformedFrameException(uri + ": REGISTER frame of " + length + " bytes has no reply path");
        }
        long id = buffer.getLong(offset + FifoProtocol.CLIENT_ID_OFFSET);
        long pid = buffer.getLong(offset + FifoProtocol.PID_OFFSET);
        byte[] pathBytes = new byte[length - FifoProtocol.PATH_OFFSET];
        buffer.get(offset + FifoProtocol.PATH_OFFSET, pathBytes);
        String replyPath = new String(pathBytes, StandardCharsets.UTF_8);
        FifoPeer old = clients.remove(id);
        if (old != null) {
            old.close();
        }
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
        FifoPeer client = new FifoPeer(id, pid, replyPath, FdStream.nonBlocking(fd, "fifo:" + replyPath + " (reply)"), replyOptions,
                onFailure);
        ack.putLong(0, id);
        try {
            client.sendAck(ack);
        } catch (ChannelException | InterruptedException e) {
            client.close();
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot acknowledge {1}: {2}", uri, client, e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        clients.put(id, client);
    }

    /** Interprets each frame read from the FIFO; one instance, reused by every poll. */
    private final class Dispatcher implements MessageHandler {
        FifoRequestHandler handler;
        int delivered;
        boolean inUserHandler;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            switch (type) {
                case FifoProtocol.REGISTER_TYPE:
                    register(buffer, offset, length);
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
                    FifoPeer client = clients.get(buffer.getLong(offset + FifoProtocol.CLIENT_ID_OFFSET));
                    delivered++;
                    inUserHandler = true;
                    handler.onRequest(client, userType, buffer, offset + FifoProtocol.USER_PAYLOAD_OFFSET,
                            length - FifoProtocol.USER_PAYLOAD_OFFSET);
                    inUserHandler = false;
                    break;
                case FifoProtocol.UNREGISTER_TYPE:
                    if (length != FifoProtocol.ID_ONLY_LENGTH) {
                        throw new MalformedFrameException(uri + ": UNREGISTER frame of " + length + " bytes, expected "
                                + FifoProtocol.ID_ONLY_LENGTH);
                    }
                    FifoPeer leaving = clients.remove(buffer.getLong(offset + FifoProtocol.CLIENT_ID_OFFSET));
                    if (leaving != null) {
                        leaving.close();
                        inUserHandler = true;
                        handler.onDisconnect(leaving, null);
                        inUserHandler = false;
                    }
                    break;
                default:
                    delivered++;
                    inUserHandler = true;
                    handler.onRequest(null, type, buffer, offset, length);
                    inUserHandler = false;
                    break;
            }
        }
    }
}
