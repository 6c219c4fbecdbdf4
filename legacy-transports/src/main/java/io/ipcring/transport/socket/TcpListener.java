package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.internal.PeerLink;
import io.ipcring.transport.internal.ServerTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The transport of a {@code tcp:} {@link io.ipcring.transport.server.MessageServer} on java.nio:
 * a non-blocking server channel and its connections (each a {@link SocketStream}, with
 * {@code TCP_NODELAY}) on one selector, each connection's key carrying its {@link PeerLink}. A
 * closed connection's channel leaves the selector by itself (closing a channel cancels its keys).
 */
final class TcpListener implements ServerTransport {
    private final String uri;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final InetSocketAddress localAddress;
    private final StreamOptions options;
    private final Consumer<SelectionKey> onKey = this::onKey;
    private Events events;

    private TcpListener(String uri, ServerSocketChannel server, Selector selector, StreamOptions options) throws IOException {
        this.uri = uri;
        this.server = server;
        this.selector = selector;
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
        this.options = options;
    }

    /**
     * Binds and listens.
     *
     * @param uri      the server's URI, for names and messages
     * @param endpoint a TCP endpoint (port 0: any free port)
     * @param options  the connections' options
     * @return the listener
     * @throws ChannelException when the address cannot be bound
     */
    static TcpListener open(String uri, SocketEndpoint endpoint, StreamOptions options) {
        ServerSocketChannel server = null;
        Selector selector = null;
        try {
            server = ServerSocketChannel.open(endpoint.family());
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(endpoint.address());
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new TcpListener(uri, server, selector, options);
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
    public void await(long waitNanos, Events events) {
        this.events = events;
        try {
            if (waitNanos <= 0) {
                selector.selectNow(onKey);
            } else {
                selector.select(onKey, SocketServers.millis(waitNanos));
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
            events.onReadable((PeerLink) key.attachment());
        }
    }

    @Override
    public PeerLink accept(long id) {
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
            PeerLink link = new PeerLink(id, PeerLink.UNKNOWN_PID, null, remote.toString(),
                    new SocketStream(channel, uri + " connection " + id + " from " + remote), true, options);
            key.attach(link);
            return link;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ChannelException(uri + ": cannot set up an accepted connection: " + e.getMessage(), e);
        }
    }

    @Override
    public String clientUri() {
        String host = localAddress.getAddress().getHostAddress();
        return SocketEndpoint.TCP + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + localAddress.getPort();
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
