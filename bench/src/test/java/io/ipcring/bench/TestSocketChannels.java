package io.ipcring.bench;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A minimal channel provider for tests ({@code testsock:/path}): the subscriber listens on a Unix
 * domain socket, the publisher connects to it, frames are the ipcring message format. It lets the
 * bench's channel adapter and the demo run across processes before the real transports land; it
 * is registered for tests only (test resources' {@code META-INF/services}).
 */
public final class TestSocketChannels implements ChannelProvider {
    /** The scheme. */
    public static final String SCHEME = "testsock";
    private static final int MAX_LENGTH = 1 << 20;

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Publisher publisher(ChannelUri uri) {
        try {
            SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Paths.get(uri.target())));
            return new SocketPublisher(uri.toString(), channel);
        } catch (IOException e) {
            throw new ChannelException(uri + ": cannot connect: " + e, e);
        }
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        try {
            Path path = Paths.get(uri.target());
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            server.configureBlocking(false);
            return new SocketSubscriber(uri.toString(), server, path);
        } catch (IOException e) {
            throw new ChannelException(uri + ": cannot listen: " + e, e);
        }
    }

    /** Writes each frame with one blocking write. */
    private static final class SocketPublisher implements Publisher {
        private final String uri;
        private final SocketChannel channel;
        private final ByteBuffer frame = ByteBuffer.allocateDirect(MessageFrame.HEADER_LENGTH + MAX_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);

        SocketPublisher(String uri, SocketChannel channel) {
            this.uri = uri;
            this.channel = channel;
        }

        @Override
        public boolean offer(ByteBuffer src, int offset, int length, int type) {
            MessageFrame.checkUserType(type);
            MessageFrame.checkUserLength(length, MAX_LENGTH);
            frame.clear();
            MessageFrame.putHeader(frame, 0, length, type);
            frame.put(MessageFrame.HEADER_LENGTH, src, offset, length);
            frame.limit(MessageFrame.HEADER_LENGTH + length);
            try {
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
            } catch (IOException e) {
                throw new ChannelClosedException(uri + ": " + e, e);
            }
            return true;
        }

        @Override
        public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit) {
            return offer(src, offset, length, type);
        }

        @Override
        public int maxMessageLength() {
            return MAX_LENGTH;
        }

        @Override
        public String uri() {
            return uri;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new ChannelException(uri + ": close failed: " + e, e);
            }
        }
    }

    /** Accepts one publisher, reads frames without blocking. */
    private static final class SocketSubscriber implements Subscriber {
        private final String uri;
        private final ServerSocketChannel server;
        private final Path path;
        private final ByteBuffer in = ByteBuffer.allocateDirect(2 * (MessageFrame.HEADER_LENGTH + MAX_LENGTH))
                .order(ByteOrder.LITTLE_ENDIAN);
        private SocketChannel channel;

        SocketSubscriber(String uri, ServerSocketChannel server, Path path) {
            this.uri = uri;
            this.server = server;
            this.path = path;
        }

        @Override
        public int poll(MessageHandler handler, int limit) {
            try {
                if (channel == null) {
                    channel = server.accept();
                    if (channel == null) {
                        return 0;
                    }
                    channel.configureBlocking(false);
                }
                if (channel.read(in) < 0 && in.position() == 0) {
                    throw new ChannelClosedException(uri + ": the publisher closed");
                }
            } catch (IOException e) {
                throw new ChannelClosedException(uri + ": " + e, e);
            }
            int delivered = 0;
            int start = 0;
            while (delivered < limit && in.position() - start >= MessageFrame.HEADER_LENGTH) {
                int length = MessageFrame.readLength(in, start, MAX_LENGTH, uri);
                if (in.position() - start < MessageFrame.HEADER_LENGTH + length) {
                    break;
                }
                int type = MessageFrame.readType(in, start, uri);
                handler.onMessage(type, in, start + MessageFrame.HEADER_LENGTH, length);
                start += MessageFrame.HEADER_LENGTH + length;
                delivered++;
            }
            in.limit(in.position()).position(start);
            in.compact();
            return delivered;
        }

        @Override
        public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            int n;
            while ((n = poll(handler, limit)) == 0 && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(20_000);
            }
            return n;
        }

        @Override
        public String uri() {
            return uri;
        }

        @Override
        public void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
                server.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new ChannelException(uri + ": close failed: " + e, e);
            }
        }
    }
}
