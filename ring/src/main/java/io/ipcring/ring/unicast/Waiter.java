package io.ipcring.ring.unicast;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.internal.RingWait;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.FutexSignal.Waiters;
import io.ipcring.sync.MappedMemory;
import java.util.function.BooleanSupplier;

/**
 * The waiting side of an SPSC/MPSC endpoint's blocking calls: its {@link WaitStrategy} and the
 * ring's {@link FutexSignal} for this side, which the other side signals after each publish or
 * free; {@link #await} waits the one way every ring family waits, {@link RingWait}.
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

    /**
     * @param strategy how to idle
     * @param signal   the signal this side sleeps on with {@link WaitStrategy#BLOCKING}
     */
    Waiter(WaitStrategy strategy, FutexSignal signal) {
        this.strategy = strategy;
        this.signal = signal;
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
        return RingWait.await(strategy, signal, condition, deadline);
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
