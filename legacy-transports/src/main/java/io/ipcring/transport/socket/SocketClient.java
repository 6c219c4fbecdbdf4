package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.os.Errno;
import io.ipcring.transport.ByteStream;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.StreamChannel;
import io.ipcring.transport.StreamOptions;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of a {@link SocketServer}: the sending side of a socket channel, which can also
 * receive the server's replies. Non-blocking: {@link #offer(ByteBuffer, int, int, int)} returns
 * false when the socket's send buffer is full, {@link #poll(MessageHandler, int)} never waits.
 * A server that has gone makes an offer or a poll throw
 * {@link io.ipcring.channel.ChannelClosedException}; a malformed reply throws
 * {@link io.ipcring.channel.MalformedFrameException} and closes the client.
 *
 * <p>A Unix domain client is a native socket (libc calls through
 * {@link io.ipcring.sync.os.Os#CALLS}, I/O by {@link FdStream}); it knows the server's
 * {@link PeerCredentials}. A TCP client is a java.nio channel with {@code TCP_NODELAY}.
 *
 * <p>URI parameters: {@code maxMessage}, {@code writeTimeout} ({@link StreamOptions}),
 * {@code connectTimeout} (milliseconds, default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS}).
 *
 * <p>One thread may offer while another polls.
 */
public final class SocketClient implements Publisher, Subscriber {
    /** URI parameter: milliseconds to wait for the connection. */
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    /** The default connect timeout. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;

    static final Set<String> PARAMETERS = Set.of(StreamOptions.MAX_MESSAGE, StreamOptions.WRITE_TIMEOUT, CONNECT_TIMEOUT);

    /** How long a connect waits before retrying when the server's backlog is full. */
    private static final long BACKLOG_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final StreamChannel channel;
    private final PeerCredentials serverCredentials;

    private SocketClient(StreamChannel channel, PeerCredentials serverCredentials) {
        this.channel = channel;
        this.serverCredentials = serverCredentials;
    }

    /**
     * Connects to a server.
     *
     * @param uri e.g. {@code unix:/tmp/orders.sock} or {@code tcp://127.0.0.1:7000}
     * @return the connected client
     * @throws IllegalArgumentException for a malformed URI, an unknown parameter or a bad value
     * @throws ChannelException         when the connection cannot be made in time
     */
    public static SocketClient connect(String uri) {
        return connect(ChannelUri.parse(uri));
    }

    static SocketClient connect(ChannelUri uri) {
        uri.requireOnly(PARAMETERS);
        StreamOptions options = StreamOptions.of(uri, StreamOptions.DEFAULT_MAX_MESSAGE);
        long timeoutMillis = uri.longParameter(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_MILLIS);
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + CONNECT_TIMEOUT + "=" + timeoutMillis + " must be positive");
        }
        SocketEndpoint endpoint = SocketEndpoint.of(uri);
        if (endpoint.isUnix()) {
            return connectUnix(uri, endpoint, options, timeoutMillis);
        }
        return connectTcp(uri, endpoint, options, timeoutMillis);
    }

    /**
     * A non-blocking connect; Linux answers one to a server whose backlog is full with EAGAIN
     * (never EINPROGRESS, as it would for TCP) and nothing is in progress then, so the connect is
     * retried until the timeout.
     */
    private static SocketClient connectUnix(ChannelUri uri, SocketEndpoint endpoint, StreamOptions options, long timeoutMillis) {
        byte[] path = SocketStructs.pathBytes(endpoint.path());
        ByteBuffer scratch = SocketStructs.scratch();
        int fd = UnixSocketLibc.openStreamSocket();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            int errno;
            while ((errno = UnixSocketLibc.connect(fd, scratch, path)) == Errno.EAGAIN || errno == Errno.EINTR) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new ChannelException(uri + ": no connection within " + timeoutMillis + " ms: the server at "
                            + endpoint.path() + " does not accept (its backlog is full)");
                }
                LockSupport.parkNanos(BACKLOG_RETRY_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    throw new ChannelException(uri + ": interrupted while connecting to " + endpoint.path());
                }
            }
            if (errno != 0) {
                throw NativeIo.failure("connect(" + endpoint.path() + ")", errno, uri.toString());
            }
            PeerCredentials server = UnixSocketLibc.peerCredentials(fd, scratch);
            ByteStream stream = FdStream.nonBlocking(fd, uri.toString());
            return new SocketClient(new StreamChannel(uri.toString(), stream, stream, options), server);
        } catch (RuntimeException e) {
            NativeIo.close(fd);
            throw e;
        }
    }

    private static SocketClient connectTcp(ChannelUri uri, SocketEndpoint endpoint, StreamOptions options, long timeoutMillis) {
        SocketChannel socket = null;
        try {
            socket = SocketChannel.open(endpoint.family());
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (!socket.connect(endpoint.address())) {
                awaitConnected(socket, timeoutMillis, uri);
            }
            SocketStream stream = new SocketStream(socket, uri.toString());
            return new SocketClient(new StreamChannel(uri.toString(), stream, stream, options), null);
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            if (e instanceof ChannelException) {
                throw (ChannelException) e;
            }
            throw new ChannelException(uri + ": cannot connect to " + endpoint.address() + ": " + e.getMessage(), e);
        }
    }

    private static void awaitConnected(SocketChannel socket, long timeoutMillis, ChannelUri uri) throws IOException {
        try (Selector selector = Selector.open()) {
            socket.register(selector, SelectionKey.OP_CONNECT);
            if (selector.select(timeoutMillis) == 0) {
                throw new ChannelException(uri + ": no connection within " + timeoutMillis + " ms");
            }
            socket.finishConnect();
        }
    }

    /**
     * @return for a Unix domain socket, the kernel's record of the server process (as it was
     *         when it started listening); empty for TCP
     */
    public Optional<PeerCredentials> peerCredentials() {
        return Optional.ofNullable(serverCredentials);
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        return channel.offer(src, offset, length, type);
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        return channel.offer(src, offset, length, type, timeout, unit);
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        return channel.poll(handler, limit);
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return channel.poll(handler, limit, timeout, unit);
    }

    @Override
    public int maxMessageLength() {
        return channel.maxMessageLength();
    }

    @Override
    public String uri() {
        return channel.uri();
    }

    /** Closes the connection; the server sees end of stream. Idempotent. */
    @Override
    public void close() {
        channel.close();
    }
}
