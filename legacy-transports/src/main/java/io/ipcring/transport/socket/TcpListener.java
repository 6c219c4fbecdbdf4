package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import io.ipcring.transport.StreamOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The listening side of a {@code tcp:} server on java.nio: a non-blocking server channel and its
 * connections (each a {@link SocketStream}, with {@code TCP_NODELAY}) on one selector, each
 * connection's key carrying its {@link Connection}. A closed connection's channel leaves the
 * selector by itself (closing a channel cancels its keys).
 */
final class TcpListener implements Listener {
    private final String uri;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final SocketAddress localAddress;
    private final StreamOptions options;
    private final Consumer<Connection> onClose;
    private final Consumer<SelectionKey> onKey = this::onKey;
    private Events events;

    private TcpListener(String uri, ServerSocketChannel server, Selector selector, StreamOptions options,
                        Consumer<Connection> onClose) throws IOException {
        this.uri = uri;
        this.server = server;
        this.selector = selector;
        this.localAddress = server.getLocalAddress();
        this.options = options;
        this.onClose = onClose;
    }

    /**
     * Binds and listens.
     *
     * @param uri      the server's URI, for names and messages
     * @param endpoint a TCP endpoint (port 0: any free port)
     * @param options  the connections' options
     * @param onClose  told when a connection closes
     * @return the listener
     * @throws ChannelException when the address cannot be bound
     */
    static TcpListener open(String uri, SocketEndpoint endpoint, StreamOptions options, Consumer<Connection> onClose) {
        ServerSocketChannel server = null;
        Selector selector = null;
        try {
            server = ServerSocketChannel.open(endpoint.family());
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(endpoint.address());
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new TcpListener(uri, server, selector, options, onClose);
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            closeQuietly(server);
            if (e instanceof ChannelException) {
                throw (ChannelException) e;
            }
            throw new ChannelException(uri + ": cannot listen on " + endpoint.address() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void await(long waitMillis, Events events) {
        this.events = events;
        try {
            if (waitMillis == 0) {
                selector.selectNow(onKey);
            } else {
                selector.select(onKey, waitMillis);
            }
        } catch (IOException e) {
            throw new ChannelException(uri + ": select failed: " + e.getMessage(), e);
        } finally {
            this.events = null;
        }
    }

    private void onKey(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            events.onAcceptable();
        } else {
            events.onReadable((Connection) key.attachment());
        }
    }

    @Override
    public Connection accept(long id) {
        SocketChannel channel;
        try {
            channel = server.accept();
        } catch (IOException e) {
            throw new ChannelException(uri + ": accept failed: " + e.getMessage(), e);
        }
        if (channel == null) {
            return null;
        }
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SocketAddress remote = channel.getRemoteAddress();
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            Connection c = new Connection(id, remote, null, new SocketStream(channel, uri + " connection " + id + " from " + remote),
                    options, onClose);
            key.attach(c);
            return c;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ChannelException(uri + ": cannot set up an accepted connection: " + e.getMessage(), e);
        }
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        closeQuietly(selector);
        closeQuietly(server);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // releasing: nothing useful to do about a failure
        }
    }
}
