package io.ipcring.ring.internal;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.SpinBudget;
import java.util.function.BooleanSupplier;

/**
 * How every ring family's blocking call waits for a state change (a message to arrive, room to
 * appear), the way the ring's {@link WaitStrategy} says: the SPSC/MPSC producers and consumers,
 * the broadcast publisher and subscriber, the work-queue publisher and consumer, and so
 * {@code RingQueue}.
 * <ul>
 * <li>{@link WaitStrategy#BLOCKING}: {@link FutexSignal#await}, which spins for
 * {@link SpinBudget}'s time (what a wake-up costs on this machine) and then sleeps on the
 * ring's signal until the other side signals; the only strategy that arms the signal.</li>
 * <li>{@link WaitStrategy#BACKOFF}: {@link Deadline#backoff}, the same spin, then parks growing
 * from 1 µs to {@link #BACKOFF_MAX_PARK_NANOS}.</li>
 * <li>{@link WaitStrategy#YIELD} and {@link WaitStrategy#BUSY_SPIN}: re-check after each
 * {@link Thread#yield()} or {@link Thread#onSpinWait()}, what the user chose.</li>
 * </ul>
 * None allocates, and none but {@code BLOCKING} arms the signal, so with the others the other
 * side's signalling costs no fence.
 */
public final class RingWait {
    /**
     * The longest park of {@link WaitStrategy#BACKOFF}: how late an idle backing-off waiter sees
     * a change at worst, about a thousand wake-ups a second while idle.
     */
    public static final long BACKOFF_MAX_PARK_NANOS = 1_000_000L;

    private RingWait() {
    }

    /**
     * Waits until {@code ready} returns true or the deadline passes.
     *
     * @param strategy how to wait
     * @param signal   the signal the other side signals after changing the state, slept on with
     *                 {@link WaitStrategy#BLOCKING}
     * @param ready    reads the shared state (it may also take what it waits for: the wait ends
     *                 with its first success)
     * @param deadline a {@link Deadline}: the {@link System#nanoTime()} at which to give up
     * @return true when ready, false when the deadline passed first
     * @throws InterruptedException if the thread is interrupted (checked between steps; the
     *                              status is cleared)
     */
    public static boolean await(WaitStrategy strategy, FutexSignal signal, BooleanSupplier ready, long deadline)
            throws InterruptedException {
        if (strategy == WaitStrategy.BLOCKING) {
            return signal.await(ready, deadline);
        }
        long since = 0;
        for (int attempt = 0; ; attempt++) {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long now = System.nanoTime();
            if (deadline - now <= 0) {
                return false;
            }
            if (attempt == 0) {
                since = now;
            }
            if (strategy == WaitStrategy.BUSY_SPIN) {
                Thread.onSpinWait();
            } else if (strategy == WaitStrategy.YIELD) {
                Thread.yield();
            } else {
                Deadline.backoff(since, attempt, BACKOFF_MAX_PARK_NANOS);
            }
        }
    }
}
