package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageHandler;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Sending and receiving over a pipe allocates nothing per message once warmed up: measured with
 * the JVM's per-thread allocation counter over many messages, the total stays below what even one
 * small object per message would cost.
 */
class SteadyStateAllocationTest {
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 20_000;

    private long received;
    private final MessageHandler count = (type, buffer, offset, length) -> received++;

    @Test
    void offerAndPollAllocateNothingPerMessage() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] pipe = NativeIo.pipe();
        try (StreamChannel out = new StreamChannel("test:out", null, FdStream.nonBlocking(pipe[1], "w"), StreamOptions.defaults());
             StreamChannel in = new StreamChannel("test:in", FdStream.nonBlocking(pipe[0], "r"), null, StreamOptions.defaults())) {
            ByteBuffer direct = ByteBuffer.allocateDirect(256);
            ByteBuffer heap = ByteBuffer.allocate(256);
            exchange(out, in, direct, heap, WARMUP);
            long before = threads.getCurrentThreadAllocatedBytes();
            exchange(out, in, direct, heap, MEASURED);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(WARMUP + MEASURED, received);
            assertTrue(allocated < MEASURED, allocated + " bytes allocated for " + MEASURED + " messages");
        }
    }

    private void exchange(StreamChannel out, StreamChannel in, ByteBuffer direct, ByteBuffer heap, int messages) {
        for (int i = 0; i < messages; i++) {
            ByteBuffer src = (i & 1) == 0 ? direct : heap;
            int length = 1 + (i & 255);
            if (!out.offer(src, 0, Math.min(length, 256), 1)) {
                throw new AssertionError("pipe full at message " + i);
            }
            if (in.poll(count, 1) != 1) {
                throw new AssertionError("message " + i + " did not arrive");
            }
        }
    }
}
