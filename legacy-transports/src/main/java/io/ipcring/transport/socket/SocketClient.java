package io.ipcring.transport.socket;

import io.ipcring.ring.ChannelException;
import io.ipcring.ring.ChannelUri;
import io.ipcring.ring.MessageHandler;
import io.ipcring.ring.Publisher;
import io.ipcring.ring.Subscriber;
import io.ipcring.transport.StreamChannel;
import io.ipcring.transport.StreamOptions;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A client of a {@link SocketServer}: the sending side of a socket channel, which can also
 * receive the server's replies. Non-blocking: {@link #offer(ByteBuffer, int, int, int)} returns
 * false when the socket's send buffer is full, {@link #poll(MessageHandler, int)} never waits.
 * A server that has gone makes an offer or a poll throw
 * {@link io.ipcring.ring.ChannelClosedException}; a malformed reply throws
 * {@link io.ipcring.ring.MalformedFrameException} and closes the client.
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

    private final StreamChannel channel;

    private SocketClient(StreamChannel channel) {
        this.channel = channel;
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
        SocketChannel socket = null;
        try {
            socket = SocketChannel.open(endpoint.family());
            socket.configureBlocking(false);
            if (!endpoint.isUnix()) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (!socket.connect(endpoint.address())) {
                awaitConnected(socket, timeoutMillis, uri);
            }
            SocketStream stream = new SocketStream(socket, uri.toString());
            return new SocketClient(new StreamChannel(uri.toString(), stream, stream, options));
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
