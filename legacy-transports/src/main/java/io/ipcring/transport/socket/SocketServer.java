package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.transport.StreamOptions;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A server on a Unix domain socket ({@code unix:/path}) or TCP ({@code tcp://host:port}) that
 * accepts many clients and can reply to each: the receiving side of a socket channel. A poll
 * never waits; a timed poll sleeps until a client connects or a message arrives. Unix domain
 * sockets are driven natively (libc calls through {@link io.ipcring.sync.os.Os#CALLS}: one
 * {@code poll(2)} over the listening socket and every connection, see {@link UnixListener}), TCP
 * through a java.nio selector.
 *
 * <pre>{@code
 * try (SocketServer server = SocketServer.open("unix:/run/me/orders.sock")) {
 *     server.poll((connection, type, buffer, offset, length) -> {
 *         connection.send(reply, 0, reply.limit(), type);
 *     }, 100, 1, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p>Each connection has its own {@link io.ipcring.transport.FrameDecoder}: a client that
 * disconnects mid-frame or sends a malformed frame (negative or oversized length, reserved type)
 * is dropped with a clear {@link ChannelException} given to
 * {@link ServerHandler#onDisconnect} and logged, nothing is allocated for the claimed length, and
 * the other connections go on. TCP connections have {@code TCP_NODELAY}. A Unix socket file is
 * created with mode 0600 (see {@link UnixSocketFile}) and removed on close; each Unix
 * connection carries the kernel's {@link PeerCredentials} of the client: pid, uid and gid.
 *
 * <p>URI parameters: {@code maxMessage}, {@code writeTimeout} ({@link StreamOptions}).
 *
 * <p>Used by one thread: polls, and replies from within the handler or between polls.
 */
public final class SocketServer implements Subscriber {
    static final Set<String> PARAMETERS = Set.of(StreamOptions.MAX_MESSAGE, StreamOptions.WRITE_TIMEOUT);
    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());

    private final String uri;
    private final Map<Long, Connection> connections = new LinkedHashMap<>();
    private final ArrayDeque<Connection> queued = new ArrayDeque<>();
    private final Consumer<Connection> onClose = c -> connections.remove(c.id());
    private final Dispatcher dispatcher = new Dispatcher();
    private final Ready ready = new Ready();
    private final Listener listener;
    private ServerHandler handler;
    private int limit;
    private int delivered;
    private long nextId;
    private MessageHandler adaptedHandler;
    private ServerHandler adapter;
    private boolean closed;

    private SocketServer(String uri, SocketEndpoint endpoint, StreamOptions options) {
        this.uri = uri;
        this.listener = endpoint.isUnix() ? UnixListener.open(uri, endpoint.path(), options, onClose)
                : TcpListener.open(uri, endpoint, options, onClose);
    }

    /**
     * Binds a server.
     *
     * @param uri e.g. {@code unix:/tmp/orders.sock} or {@code tcp://127.0.0.1:7000}
     * @return the listening server
     * @throws IllegalArgumentException for a malformed URI, an unknown parameter or a bad value
     *                                  (such as a Unix socket path longer than the kernel takes)
     * @throws ChannelException         when the address cannot be bound
     */
    public static SocketServer open(String uri) {
        return open(ChannelUri.parse(uri));
    }

    static SocketServer open(ChannelUri uri) {
        uri.requireOnly(PARAMETERS);
        StreamOptions options = StreamOptions.of(uri, StreamOptions.DEFAULT_MAX_MESSAGE);
        return new SocketServer(uri.toString(), SocketEndpoint.of(uri), options);
    }

    /**
     * Accepts waiting clients and delivers the messages available now, up to {@code limit};
     * never waits. Connections are served in turn; one that may still have messages when the
     * limit is reached (buffered, or not yet read) is served first next time.
     *
     * @param handler receives messages, connections and disconnections
     * @param limit   the most messages to deliver, positive
     * @return the number delivered
     */
    public int poll(ServerHandler handler, int limit) {
        return poll(handler, limit, 0);
    }

    /**
     * Like {@link #poll(ServerHandler, int)}, waiting up to {@code timeout} for a first message.
     *
     * @param handler receives messages, connections and disconnections
     * @param limit   the most messages to deliver, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the number delivered, 0 when the timeout expired
     * @throws InterruptedException if interrupted while waiting
     */
    public int poll(ServerHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            // straight into the wait (poll(2) or the selector, which returns at once when a
            // socket is ready), then one read per ready connection: no look without waiting first
            int n = poll(handler, limit, left <= 0 ? 0 : Math.max(1, (left + 999_999) / 1_000_000));
            if (Thread.interrupted()) {
                throw new InterruptedException(uri + ": interrupted while waiting");
            }
            if (n > 0 || left <= 0) {
                return n;
            }
        }
    }

    /** Serves queued connections, then ready ones, waiting up to {@code waitMillis} (0: not at all). */
    private int poll(ServerHandler handler, int limit, long waitMillis) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        checkOpen();
        this.handler = handler;
        this.limit = limit;
        this.delivered = 0;
        try {
            for (int i = queued.size(); i > 0 && delivered < limit; i--) {
                Connection c = queued.poll();
                c.queued = false;
                serve(c);
            }
            if (delivered < limit) {
                listener.await(queued.isEmpty() ? waitMillis : 0, ready);
            }
            return delivered;
        } finally {
            this.handler = null;
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
    private ServerHandler adapt(MessageHandler handler) {
        if (handler != adaptedHandler) {
            adaptedHandler = handler;
            adapter = (connection, type, buffer, offset, length) -> handler.onMessage(type, buffer, offset, length);
        }
        return adapter;
    }

    private void acceptAll() {
        while (true) {
            Connection c;
            try {
                c = listener.accept(nextId + 1);
            } catch (ChannelException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1}", uri, e.getMessage());
                return;
            }
            if (c == null) {
                return;
            }
            nextId++;
            connections.put(c.id(), c);
            handler.onConnect(c);
        }
    }

    private void serve(Connection c) {
        if (!c.isOpen()) {
            return;
        }
        dispatcher.connection = c;
        dispatcher.inHandler = false;
        int n;
        try {
            n = c.decoder().poll(dispatcher, limit - delivered);
        } catch (ChannelException e) {
            if (dispatcher.inHandler) {
                throw e;
            }
            drop(c, e);
            return;
        }
        if (delivered >= limit && c.isOpen() && !c.queued && n > 0 && c.decoder().mayHaveMore()) {
            c.queued = true;
            queued.add(c);
        }
    }

    private void drop(Connection c, ChannelException cause) {
        c.close();
        if (cause instanceof ChannelClosedException) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", uri, cause.getMessage());
        } else {
            LOG.log(System.Logger.Level.WARNING, "{0}: dropped {1}: {2}", uri, c, cause.getMessage());
        }
        handler.onDisconnect(c, cause);
    }

    /** @return the open connections, in order of arrival */
    public Collection<Connection> connections() {
        return Collections.unmodifiableCollection(connections.values());
    }

    /**
     * @return the address clients connect to: a {@link java.net.UnixDomainSocketAddress} with the
     *         absolute socket path, or an {@link java.net.InetSocketAddress} (for
     *         {@code tcp://host:0}, with the port chosen)
     */
    public SocketAddress localAddress() {
        return listener.localAddress();
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

    /** Closes every connection and the listening socket, and removes the socket file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection c : new ArrayList<>(connections.values())) {
            c.close();
        }
        queued.clear();
        listener.close();
    }

    /** Serves what the listener reports ready; reused by every poll. */
    private final class Ready implements Listener.Events {
        @Override
        public void onAcceptable() {
            acceptAll();
        }

        @Override
        public void onReadable(Connection c) {
            if (delivered < limit) {
                serve(c);
            } else if (c.isOpen() && !c.queued) {
                c.queued = true;
                queued.add(c);
            }
        }
    }

    /** Hands each decoded frame to the user's handler with its connection; reused by every poll. */
    private final class Dispatcher implements MessageHandler {
        Connection connection;
        boolean inHandler;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            delivered++;
            inHandler = true;
            handler.onMessage(connection, type, buffer, offset, length);
            inHandler = false;
        }
    }
}
