package io.ipcring.ring.fanout;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.MappedMemory;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The child of {@link FanoutIdleTest}, run with {@code -Dipcring.spinNanos} far above the few
 * milliseconds the other side takes: a work-queue consumer and a broadcast subscriber, waiting
 * {@code BLOCKING}, answered by another thread 1 ms into their waits, then a work-queue consumer
 * left waiting longer than the spin. Prints the armed flag of each ring's not-empty signal after
 * each phase ({@code workQueueArmed=0 broadcastArmed=0 idleArmed=1}): a waiter arms the flag the
 * first time it sleeps.
 *
 * <pre>
 * FanoutSpinChild WORK_QUEUE_PATH BROADCAST_PATH
 * </pre>
 */
public final class FanoutSpinChild {
    private static final int ANSWER_AFTER_MILLIS = 1;

    private FanoutSpinChild() {
    }

    public static void main(String[] args) throws Exception {
        byte[] message = new byte[16];
        int workQueueArmed;
        int idleArmed;
        try (WorkQueueRing ring = WorkQueueRing.create(Paths.get(args[0]),
                WorkQueueRingOptions.defaults().capacity(4096).waitStrategy(WaitStrategy.BLOCKING));
             Publisher publisher = ring.publisher();
             Subscriber consumer = ring.consumer()) {
            warmUp(publisher, consumer, message);
            Thread answer = after(() -> publisher.offer(message, 0, message.length, 1));
            expectOne(consumer);
            answer.join();
            workQueueArmed = armed(ring.memory(), WorkQueueRingDescriptor.NOT_EMPTY_OFFSET);
            long idle = Long.getLong("ipcring.spinNanos") / 1_000_000 * 3;
            if (consumer.poll((type, buffer, offset, length) -> { }, 1, idle, TimeUnit.MILLISECONDS) != 0) {
                throw new AssertionError("a message nobody sent");
            }
            idleArmed = armed(ring.memory(), WorkQueueRingDescriptor.NOT_EMPTY_OFFSET);
        }
        int broadcastArmed;
        try (BroadcastRing ring = BroadcastRing.create(Paths.get(args[1]),
                BroadcastRingOptions.defaults().capacity(4096).waitStrategy(WaitStrategy.BLOCKING));
             Publisher publisher = ring.publisher();
             Subscriber subscriber = ring.subscribe("s", BroadcastRing.StartPosition.LATEST)) {
            warmUp(publisher, subscriber, message);
            Thread answer = after(() -> publisher.offer(message, 0, message.length, 1));
            expectOne(subscriber);
            answer.join();
            broadcastArmed = armed(ring.memory(), BroadcastRingDescriptor.NOT_EMPTY_OFFSET);
        }
        System.out.println("workQueueArmed=" + workQueueArmed + " broadcastArmed=" + broadcastArmed
                + " idleArmed=" + idleArmed);
    }

    /** Both sides' paths run once before the measured waits (class loading, the futex binding). */
    private static void warmUp(Publisher publisher, Subscriber subscriber, byte[] message) {
        for (int i = 0; i < 100; i++) {
            publisher.offer(message, 0, message.length, 1);
            subscriber.poll((type, buffer, offset, length) -> { }, 10);
        }
    }

    private static void expectOne(Subscriber subscriber) throws InterruptedException {
        if (subscriber.poll((type, buffer, offset, length) -> { }, 1, 10, TimeUnit.SECONDS) != 1) {
            throw new AssertionError("no message within 10 s");
        }
    }

    private static int armed(MappedMemory memory, int signal) {
        return memory.getIntVolatile(signal + FanoutIdle.ARMED_WORD_OFFSET) & FanoutIdle.ARMED;
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
