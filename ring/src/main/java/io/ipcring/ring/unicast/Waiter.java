package io.ipcring.ring.unicast;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.FutexSignal.Waiters;
import io.ipcring.sync.MappedMemory;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * The waiting side of a blocking call: idles with the chosen {@link WaitStrategy} until a
 * condition holds or a deadline passes. {@link WaitStrategy#BLOCKING} waits on the ring's
 * {@link FutexSignal} for this side (spin briefly, then sleep; the protocol and its proof are
 * there), which the other side signals after each publish or free. Instances are used by one
 * thread.
 */
final class Waiter {
    /** What the waiter waits for. */
    interface Condition extends BooleanSupplier {
        /** @return true when the wait is over */
        boolean ready();

        @Override
        default boolean getAsBoolean() {
            return ready();
        }
    }

    private final WaitStrategy strategy;
    private final FutexSignal signal;
    private final BackoffIdleStrategy backoff;

    /**
     * @param strategy how to idle
     * @param signal   the signal this side sleeps on with {@link WaitStrategy#BLOCKING}
     */
    Waiter(WaitStrategy strategy, FutexSignal signal) {
        this.strategy = strategy;
        this.signal = signal;
        this.backoff = strategy == WaitStrategy.BACKOFF ? new BackoffIdleStrategy(10, 5, 1_000, 1_000_000) : null;
    }

    /**
     * @param memory the ring's mapping
     * @return the signal the consumer sleeps on and producers signal after each publish
     */
    static FutexSignal consumerSignal(MappedMemory memory) {
        return new FutexSignal(memory, RingDescriptor.CONSUMER_WAITING_OFFSET, RingDescriptor.WAITER_FLAGS_OFFSET,
                RingDescriptor.CONSUMER_BLOCKING_FLAG, Waiters.ONE, RingDescriptor.CONSUMER_SLEEPS_OFFSET,
                RingDescriptor.CONSUMER_WAKES_OFFSET);
    }

    /**
     * @param memory the ring's mapping
     * @return the signal producers sleep on and the consumer signals after each free
     */
    static FutexSignal producerSignal(MappedMemory memory) {
        return new FutexSignal(memory, RingDescriptor.PRODUCER_WAITING_OFFSET, RingDescriptor.WAITER_FLAGS_OFFSET,
                RingDescriptor.PRODUCER_BLOCKING_FLAG, Waiters.MANY, RingDescriptor.PRODUCER_SLEEPS_OFFSET,
                RingDescriptor.PRODUCER_WAKES_OFFSET);
    }

    /**
     * Waits until {@code condition} holds or the deadline passes.
     *
     * @param condition what to wait for
     * @param deadline  a {@link io.ipcring.sync.Deadline}: the {@link System#nanoTime()} at which to give up
     * @return true when the condition holds, false on timeout
     * @throws InterruptedException when the thread is interrupted (checked between idle steps)
     */
    boolean await(Condition condition, long deadline) throws InterruptedException {
        if (strategy == WaitStrategy.BLOCKING) {
            return signal.await(condition, deadline);
        }
        if (backoff != null) {
            backoff.reset();
        }
        for (;;) {
            if (condition.ready()) {
                return true;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            switch (strategy) {
                case BUSY_SPIN:
                    Thread.onSpinWait();
                    break;
                case YIELD:
                    Thread.yield();
                    break;
                default:
                    backoff.idle();
            }
        }
    }

    /**
     * Wakes the thread sleeping in {@link #await}, for a close from another thread
     * ({@link io.ipcring.ring.internal.EndpointLifecycle}): {@link FutexSignal#wakeForClose()}, no
     * access to the mapping.
     */
    void wakeForClose() {
        if (strategy == WaitStrategy.BLOCKING) {
            signal.wakeForClose();
        }
    }
}
