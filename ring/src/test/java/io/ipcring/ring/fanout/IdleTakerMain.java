package io.ipcring.ring.fanout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link RingQueueIdleCpuTest}: opens a queue, runs the waiting path a few thousand
 * times with a tiny timeout (so the JIT has compiled it, as in a long-running consumer, and the
 * measurement does not count the compiler's work), prints "TAKING", blocks in {@code take()} and
 * prints what it got. Arguments: queue path.
 */
public final class IdleTakerMain {
    private IdleTakerMain() {
    }

    /** @param args the queue path @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        try (RingQueue<String> queue = RingQueue.open(Path.of(args[0]), 4, 64, StringCodec.INSTANCE)) {
            for (int i = 0; i < 3000; i++) {
                if (queue.poll(100, TimeUnit.MICROSECONDS) != null) {
                    throw new IllegalStateException("nothing should have been put yet");
                }
            }
            System.out.println("TAKING");
            System.out.println("TOOK " + queue.take());
        }
    }
}
