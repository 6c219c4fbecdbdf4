package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.internal.ServerTransport;
import io.ipcring.transport.server.MessageServer;
import java.util.Set;

/**
 * Opens the {@link MessageServer} of a socket URI: a Unix domain socket ({@code unix:/path},
 * driven natively by a {@link UnixListener}) or TCP ({@code tcp://host:port}, a
 * {@link TcpListener} on java.nio). A Unix socket file is created with mode 0600 (see
 * {@link UnixSocketFile}) and removed on close; each Unix peer carries the kernel's
 * {@link io.ipcring.transport.server.PeerCredentials} of the client. TCP connections have
 * {@code TCP_NODELAY}.
 *
 * <p>URI parameters: {@code maxMessage}, {@code writeTimeout} ({@link StreamOptions}).
 */
final class SocketServers {
    static final Set<String> PARAMETERS = Set.of(StreamOptions.MAX_MESSAGE, StreamOptions.WRITE_TIMEOUT);

    private SocketServers() {
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
    static MessageServer open(ChannelUri uri) {
        uri.requireOnly(PARAMETERS);
        StreamOptions options = StreamOptions.of(uri, StreamOptions.DEFAULT_MAX_MESSAGE);
        SocketEndpoint endpoint = SocketEndpoint.of(uri);
        String name = uri.toString();
        ServerTransport transport = endpoint.isUnix() ? UnixListener.open(name, endpoint.path(), options)
                : TcpListener.open(name, endpoint, options);
        return MessageServer.over(name, transport);
    }

    /**
     * @return {@code nanos} as whole milliseconds, rounded up so that a positive wait never becomes 0;
     *         computed without overflow, so {@code Long.MAX_VALUE} stays a very long wait
     */
    static long millis(long nanos) {
        return nanos <= 0 ? 0 : (nanos - 1) / 1_000_000 + 1;
    }
}
