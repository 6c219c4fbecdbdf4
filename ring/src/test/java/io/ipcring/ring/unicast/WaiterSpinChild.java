package io.ipcring.ring.unicast;

import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.WaitStrategy;
import java.nio.ByteBuffer;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The child of {@link WaiterTest}, run with {@code -Dipcring.spinNanos} far above the few
 * milliseconds the other side takes: an SPSC ring waiting {@code BLOCKING}, whose consumer (then
 * producer) is answered by another thread 1 ms into its wait, then waits longer than the spin.
 * Prints {@code consumerSleeps=N producerSleeps=N idleConsumerSleeps=N}: the sleeps each phase
 * added to the ring's statistics.
 *
 * <pre>
 * WaiterSpinChild PATH
 * </pre>
 */
public final class WaiterSpinChild {
    private static final int CAPACITY = 4096;
    private static final int ANSWER_AFTER_MILLIS = 1;

    private WaiterSpinChild() {
    }

    public static void main(String[] args) throws Exception {
        try (SpscRing ring = SpscRing.create(Paths.get(args[0]),
                UnicastRingOptions.defaults().capacity(CAPACITY).maxMessageLength(64).waitStrategy(WaitStrategy.BLOCKING));
             RingProducer producer = ring.producer();
             RingConsumer consumer = ring.consumer()) {
            byte[] message = new byte[16];
            int[] got = new int[1];
            // Warm up both sides' paths (class loading, the futex binding) outside the measured waits.
            for (int i = 0; i < 100; i++) {
                producer.offer(message, 0, message.length, 1);
                consumer.poll((type, buffer, offset, length) -> got[0]++, 10);
            }
            long before = ring.stats().consumerSleeps();
            Thread answer = after(() -> producer.offer(message, 0, message.length, 1));
            if (consumer.poll((type, buffer, offset, length) -> got[0]++, 1, 10, TimeUnit.SECONDS) != 1) {
                throw new AssertionError("no message within 10 s");
            }
            answer.join();
            long consumerSleeps = ring.stats().consumerSleeps() - before;

            while (producer.offer(message, 0, message.length, 1)) {
                got[0]++; // fill the ring
            }
            before = ring.stats().producerSleeps();
            answer = after(() -> {
                consumer.poll((type, buffer, offset, length) -> got[0]++, CAPACITY);
                consumer.poll((type, buffer, offset, length) -> got[0]++, CAPACITY); // finds nothing: frees
            });
            if (!producer.offer(ByteBuffer.wrap(message), 0, message.length, 1, 10, TimeUnit.SECONDS)) {
                throw new AssertionError("no room within 10 s");
            }
            answer.join();
            long producerSleeps = ring.stats().producerSleeps() - before;

            while (consumer.poll((type, buffer, offset, length) -> got[0]++, 100) > 0) {
                got[0]++; // empty the ring
            }
            before = ring.stats().consumerSleeps();
            long idle = Long.getLong("ipcring.spinNanos") / 1_000_000 * 3;
            if (consumer.poll((type, buffer, offset, length) -> got[0]++, 1, idle, TimeUnit.MILLISECONDS) != 0) {
                throw new AssertionError("a message nobody sent");
            }
            long idleConsumerSleeps = ring.stats().consumerSleeps() - before;
            System.out.println("consumerSleeps=" + consumerSleeps + " producerSleeps=" + producerSleeps
                    + " idleConsumerSleeps=" + idleConsumerSleeps);
        }
    }

    /** @return a started thread that runs {@code action} {@link #ANSWER_AFTER_MILLIS} from now */
    private static Thread after(Runnable action) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(ANSWER_AFTER_MILLIS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            action.run();
        });
        thread.start();
        return thread;
    }
}
