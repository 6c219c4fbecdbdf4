package io.ipcring.stress.fuzz;

import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A {@link RingQueue}: offer and poll of one handle. */
final class QueueSwapEndpoints implements SwapEndpoints {
    /** The queue's capacity in elements. */
    static final int CAPACITY = 256;

    private final RingQueue<String> queue;

    /** @param path the queue's file, created when there is none */
    QueueSwapEndpoints(Path path) {
        this.queue = RingQueue.open(path, CAPACITY, MESSAGE_LENGTH, StringCodec.INSTANCE);
    }

    @Override
    public int step(boolean publish, boolean timed) {
        long timeout = timed ? 1 : 0;
        try {
            if (publish) {
                queue.offer("element", timeout, TimeUnit.MILLISECONDS);
                return 0;
            }
            return queue.poll(timeout, TimeUnit.MILLISECONDS) == null ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FuzzFailure("interrupted", e);
        }
    }

    @Override
    public void close(String what) {
        try {
            queue.close();
        } catch (RuntimeException e) {
            throw new FuzzFailure(what + ": close threw " + e, e);
        }
    }
}
