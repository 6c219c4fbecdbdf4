package io.ipcring.transport.server;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A blocking java.nio socket that writes raw bytes to a socket server, for the hostile-frame test. */
final class SocketRawWriter implements MessageServerContract.RawWriter {
    private final SocketChannel channel;

    private SocketRawWriter(SocketChannel channel) {
        this.channel = channel;
    }

    static SocketRawWriter connect(SocketAddress address, ProtocolFamily family) throws IOException {
        SocketChannel channel = SocketChannel.open(family);
        channel.connect(address);
        return new SocketRawWriter(channel);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
