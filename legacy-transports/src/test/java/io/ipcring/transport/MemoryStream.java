package io.ipcring.transport;

import io.ipcring.channel.ChannelClosedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An in-memory {@link ByteStream} for tests: reads return the queued chunks one at a time (so
 * partial reads are exercised), writes accept at most {@code room} bytes (so back-pressure is);
 * it counts reads, writes and waits, so tests can tell how many calls a poll made.
 */
final class MemoryStream implements ByteStream {
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int chunkOffset;
    private boolean endOfStream;
    private long room = Long.MAX_VALUE;
    private int writeCalls;
    private int readCalls;
    private int awaitReadableCalls;
    private boolean closed;

    MemoryStream feed(byte[] bytes) {
        chunks.add(bytes.clone());
        return this;
    }

    MemoryStream end() {
        endOfStream = true;
        return this;
    }

    void room(long bytes) {
        room = bytes;
    }

    byte[] written() {
        return written.toByteArray();
    }

    int writeCalls() {
        return writeCalls;
    }

    int readCalls() {
        return readCalls;
    }

    int awaitReadableCalls() {
        return awaitReadableCalls;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (closed) {
            throw new ChannelClosedException("closed");
        }
        readCalls++;
        byte[] chunk = chunks.peek();
        if (chunk == null) {
            return endOfStream ? -1 : 0;
        }
        int n = Math.min(dst.remaining(), chunk.length - chunkOffset);
        dst.put(chunk, chunkOffset, n);
        chunkOffset += n;
        if (chunkOffset == chunk.length) {
            chunks.poll();
            chunkOffset = 0;
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int count) {
        if (closed) {
            throw new ChannelClosedException("closed");
        }
        writeCalls++;
        long total = 0;
        for (int i = offset; i < offset + count && room > 0; i++) {
            ByteBuffer b = srcs[i];
            int n = (int) Math.min(b.remaining(), room);
            for (int k = 0; k < n; k++) {
                written.write(b.get());
            }
            room -= n;
            total += n;
        }
        return total;
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) {
        awaitReadableCalls++;
        return !chunks.isEmpty() || endOfStream;
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) {
        return room > 0;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void close() {
        closed = true;
    }
}
