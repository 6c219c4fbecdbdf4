package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.ChannelClosedException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FdStreamTest {
    @Test
    void nonBlockingPipeReportsEmptyFullAndEndOfStream() throws InterruptedException {
        int[] fds = NativeIo.pipe();
        try (FdStream in = FdStream.nonBlocking(fds[0], "in"); FdStream out = FdStream.nonBlocking(fds[1], "out")) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(70_000);
            assertEquals(0, in.read(buffer), "empty pipe: nothing now");
            assertFalse(in.awaitReadable(1_000_000));
            ByteBuffer chunk = ByteBuffer.allocateDirect(4096);
            long total = 0;
            long n;
            while ((n = out.write(new ByteBuffer[] {chunk.clear()}, 0, 1)) > 0) {
                total += n;
            }
            assertTrue(total >= 4096, "a pipe holds at least a page, wrote " + total);
            assertFalse(out.awaitWritable(1_000_000), "full pipe is not writable");
            assertTrue(in.awaitReadable(0));
            long read = 0;
            int r;
            while ((r = in.read(buffer.clear())) > 0) {
                read += r;
            }
            assertEquals(total, read);
            out.close();
            assertEquals(-1, in.read(buffer.clear()), "writer closed: end of stream");
        }
    }

    @Test
    void gatheringWriteSendsAllBuffersInOrder() {
        int[] fds = NativeIo.pipe();
        try (FdStream in = FdStream.nonBlocking(fds[0], "in"); FdStream out = FdStream.nonBlocking(fds[1], "out")) {
            ByteBuffer a = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
            ByteBuffer b = ByteBuffer.allocateDirect(2).put(new byte[] {4, 5}).flip();
            assertEquals(5, out.write(new ByteBuffer[] {a, b}, 0, 2));
            assertFalse(a.hasRemaining());
            assertFalse(b.hasRemaining());
            ByteBuffer dst = ByteBuffer.allocateDirect(10);
            assertEquals(5, in.read(dst));
            assertEquals(4, dst.get(3));
        }
    }

    @Test
    void writingWithoutAReaderIsClosed() {
        int[] fds = NativeIo.pipe();
        NativeIo.close(fds[0]);
        try (FdStream out = FdStream.nonBlocking(fds[1], "out")) {
            ChannelClosedException e = assertThrows(ChannelClosedException.class,
                    () -> out.write(new ByteBuffer[] {ByteBuffer.allocateDirect(1)}, 0, 1));
            assertTrue(e.getMessage().contains("EPIPE"), e.getMessage());
        }
    }

    @Test
    void gatedStreamNeverBlocksOnAnEmptyBlockingPipe() {
        int[] fds = NativeIo.pipe();
        try (FdStream in = FdStream.gated(fds[0], "in"); FdStream out = FdStream.gated(fds[1], "out")) {
            ByteBuffer dst = ByteBuffer.allocateDirect(10);
            assertEquals(0, in.read(dst));
            assertEquals(2, out.write(new ByteBuffer[] {ByteBuffer.allocateDirect(2)}, 0, 1));
            assertEquals(2, in.read(dst));
            assertEquals(0, in.read(dst));
        }
    }

    @Test
    void aClosedStreamRefusesUse() {
        int[] fds = NativeIo.pipe();
        FdStream in = FdStream.nonBlocking(fds[0], "in");
        NativeIo.close(fds[1]);
        in.close();
        in.close();
        assertThrows(ChannelClosedException.class, () -> in.read(ByteBuffer.allocateDirect(1)));
    }
}
