package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.transport.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A {@link ByteStream} over a connected, non-blocking TCP {@link SocketChannel} (Unix domain
 * sockets use {@link io.ipcring.transport.FdStream} on their descriptor instead). Waits use a
 * selector of its own, opened on the first wait (a server's connections are also registered with
 * the server's selector; a channel may be registered with several).
 */
final class SocketStream implements ByteStream {
    private final SocketChannel channel;
    private final String name;
    private Selector waiter;
    private SelectionKey waitKey;

    SocketStream(SocketChannel channel, String name) {
        this.channel = channel;
        this.name = name;
    }

    @Override
    public int read(ByteBuffer dst) {
        try {
            return channel.read(dst);
        } catch (IOException e) {
            throw failure("read", e);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int count) {
        try {
            return channel.write(srcs, offset, count);
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws InterruptedException {
        return await(SelectionKey.OP_READ, timeoutNanos);
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) throws InterruptedException {
        return await(SelectionKey.OP_WRITE, timeoutNanos);
    }

    private boolean await(int ops, long timeoutNanos) throws InterruptedException {
        try {
            if (waiter == null) {
                waiter = Selector.open();
                waitKey = channel.register(waiter, 0);
            }
            waitKey.interestOps(ops);
            int ready = timeoutNanos <= 0 ? waiter.selectNow()
                    : waiter.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            waiter.selectedKeys().clear();
            if (Thread.interrupted()) {
                throw new InterruptedException(name + ": interrupted while waiting");
            }
            return ready > 0;
        } catch (IOException e) {
            throw failure("select", e);
        }
    }

    private ChannelException failure(String operation, IOException e) {
        if (e instanceof ClosedChannelException || !channel.isOpen()) {
            return new ChannelClosedException(name + " is closed", e);
        }
        // on a connected socket an I/O error (reset, broken pipe) means the peer is gone
        return new ChannelClosedException(name + ": " + operation + " failed, the connection is lost: " + e.getMessage(), e);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket fails only if it is already unusable
        }
        if (waiter != null) {
            try {
                waiter.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
