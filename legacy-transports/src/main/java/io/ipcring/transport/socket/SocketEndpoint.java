package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelUri;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * The address a socket URI names: {@code unix:/path} (a Unix domain socket file) or
 * {@code tcp://host:port} (host a name, an IPv4 address or a bracketed IPv6 address; port 0 asks
 * the server for any free port). A Unix path is made absolute and must fit a socket address
 * ({@value SocketStructs#MAX_PATH_BYTES} bytes).
 */
final class SocketEndpoint {
    /** The Unix domain socket scheme. */
    static final String UNIX = "unix";
    /** The TCP scheme. */
    static final String TCP = "tcp";
    private static final int MAX_PORT = 65_535;

    private final SocketAddress address;
    private final ProtocolFamily family;

    private SocketEndpoint(SocketAddress address, ProtocolFamily family) {
        this.address = address;
        this.family = family;
    }

    static SocketEndpoint of(ChannelUri uri) {
        switch (uri.scheme()) {
            case UNIX:
                return unix(uri);
            case TCP:
                return tcp(uri);
            default:
                throw new IllegalArgumentException("channel URI '" + uri + "': scheme " + uri.scheme() + " is not a socket scheme");
        }
    }

    private static SocketEndpoint unix(ChannelUri uri) {
        Path path = Path.of(uri.target()).toAbsolutePath();
        try {
            SocketStructs.pathBytes(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + e.getMessage(), e);
        }
        return new SocketEndpoint(UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX);
    }

    private static SocketEndpoint tcp(ChannelUri uri) {
        URI parsed;
        try {
            parsed = new URI(TCP + ":" + uri.target());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + e.getMessage(), e);
        }
        if (!uri.target().startsWith("//") || parsed.getHost() == null || parsed.getPort() < 0
                || (parsed.getPath() != null && !parsed.getPath().isEmpty())) {
            throw new IllegalArgumentException("channel URI '" + uri + "': expected tcp://host:port");
        }
        if (parsed.getPort() > MAX_PORT) {
            throw new IllegalArgumentException("channel URI '" + uri + "': port " + parsed.getPort() + " is above " + MAX_PORT);
        }
        InetSocketAddress address = new InetSocketAddress(parsed.getHost(), parsed.getPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("channel URI '" + uri + "': host " + parsed.getHost() + " cannot be resolved");
        }
        ProtocolFamily family = address.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        return new SocketEndpoint(address, family);
    }

    SocketAddress address() {
        return address;
    }

    ProtocolFamily family() {
        return family;
    }

    boolean isUnix() {
        return family == StandardProtocolFamily.UNIX;
    }

    /** @return the socket file of a Unix endpoint */
    Path path() {
        return ((UnixDomainSocketAddress) address).getPath();
    }
}
