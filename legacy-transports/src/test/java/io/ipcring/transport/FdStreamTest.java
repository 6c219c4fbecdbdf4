package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.channel.ChannelClosedException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void gatedStreamOnAnAnonymousPipeMakesEachCallNonBlockingByItself() throws InterruptedException {
        // RWF_NOWAIT on pipes came with Linux 6.4; before it the gate would make the big write
        // below wait for a reader
        assumeTrue(kernelAtLeast(6, 4), "Linux " + System.getProperty("os.version") + " has no RWF_NOWAIT on pipes");
        int[] fds = NativeIo.pipe();
        try (FdStream in = FdStream.gated(fds[0], "in"); FdStream out = FdStream.gated(fds[1], "out")) {
            assertTrue(in.isGated());
            ByteBuffer dst = ByteBuffer.allocateDirect(80_000);
            assertEquals(0, in.read(dst), "empty: nothing now, no waiting");
            assertTrue(in.readsWithoutGate(), "RWF_NOWAIT, no poll before the read");
            ByteBuffer big = ByteBuffer.allocateDirect(70_000);
            long first = out.write(new ByteBuffer[] {big}, 0, 1);
            assertTrue(first > 0 && first < 70_000, "a write larger than the pipe takes what fits and returns, wrote " + first);
            assertTrue(out.writesWithoutGate());
            assertEquals(0, out.write(new ByteBuffer[] {big}, 0, 1), "full: nothing now, no waiting");
            assertFalse(out.awaitWritable(1_000_000));
            long read = 0;
            int r;
            while ((r = in.read(dst)) > 0) {
                read += r;
            }
            assertEquals(first, read);
            out.close();
            assertTrue(in.awaitReadable(TimeUnit.SECONDS.toNanos(5)));
            assertEquals(-1, in.read(dst.clear()), "writer closed: end of stream");
        }
    }

    @Test
    void gatedStreamOnAReopenedPipeFallsBackToThePollGateAndStillNeverBlocks() throws InterruptedException {
        int[] fds = NativeIo.pipe();
        // what a child started by PipeProcess without its marker sees: the pipe reopened by path,
        // a FIFO open on which the kernel refuses RWF_NOWAIT
        int reader = NativeIo.open("/proc/self/fd/" + fds[0], NativeIo.O_RDONLY | NativeIo.O_CLOEXEC);
        int writer = NativeIo.open("/proc/self/fd/" + fds[1], NativeIo.O_WRONLY | NativeIo.O_CLOEXEC);
        NativeIo.close(fds[0]);
        NativeIo.close(fds[1]);
        try (FdStream in = FdStream.gated(reader, "in"); FdStream out = FdStream.gated(writer, "out")) {
            ByteBuffer dst = ByteBuffer.allocateDirect(10);
            assertEquals(0, in.read(dst));
            assertFalse(in.readsWithoutGate(), "the kernel refused RWF_NOWAIT: poll gate from now on");
            assertEquals(0, in.read(dst), "still never blocks");
            ByteBuffer two = ByteBuffer.allocateDirect(2);
            assertEquals(2, out.write(new ByteBuffer[] {two}, 0, 1));
            assertFalse(out.writesWithoutGate());
            assertTrue(in.awaitReadable(TimeUnit.SECONDS.toNanos(5)));
            assertEquals(2, in.read(dst), "a read right after the wait reported data");
            assertEquals(0, in.read(dst), "and the next one is gated again");
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(System.getProperty("os.version"));
        if (!m.find()) {
            return false;
        }
        int haveMajor = Integer.parseInt(m.group(1));
        return haveMajor > major || haveMajor == major && Integer.parseInt(m.group(2)) >= minor;
    }

    @Test
    void stdioRefusesOtherDescriptors() {
        assertThrows(IllegalArgumentException.class, () -> FdStream.stdio(2, "stderr", false));
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
