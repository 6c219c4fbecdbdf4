package io.ipcring.ring.fanout;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal.Waiters;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How the fan-out rings wait for a state change that may take any time (a message to arrive,
 * room to appear): on a {@link FutexSignal} of many waiters, one per direction, in a line of the
 * ring's header ({@link #SIGNAL_LENGTH} bytes: the futex word, then the word whose bit
 * {@link #ARMED} is the armed flag). {@link #await} with {@link WaitStrategy#BLOCKING} spins
 * {@link #SPINS_BEFORE_SLEEP} times re-checking (without reading the clock), then waits on the
 * signal; the other side signals after each change, which costs no fence and no
 * system call while no waiter of that ring ever slept. Deadlines and the short wait for progress
 * already under way (a producer before us finishing its commit, a lock holder) are
 * {@link Deadline}'s.
 */
final class FanoutIdle {
    /** Bytes of a signal in the header: its futex word, then its armed-flag word. */
    static final int SIGNAL_LENGTH = 8;
    /** Offset of the armed-flag word from the signal's base. */
    static final int ARMED_WORD_OFFSET = 4;
    /** The armed flag's bit. */
    static final int ARMED = 1;
    /** Condition checks {@link #await} makes before it sleeps on the futex. */
    static final int SPINS_BEFORE_SLEEP = 200;
    /**
     * The longest a blocked caller sleeps before it runs its housekeeping again (releasing stale
     * subscribers, adopting a dead consumer's message). Each wake-up costs CPU (about 0.1 ms per
     * futex wake-up measured on a loaded 2-vCPU VM), so an idle waiter should wake rarely.
     */
    static final long HOUSEKEEPING_SLICE_NANOS = 100_000_000L;
    /** How often a producer waiting for its turn to commit checks whether the producers before it died. */
    static final long LIVENESS_CHECK_INTERVAL_NANOS = 1_000_000L;

    private FanoutIdle() {
    }

    /**
     * @param memory the ring's mapping
     * @param base   the signal's base in the header, 4-byte aligned
     * @return the signal at {@code base}: many waiters, no spins of its own ({@link #await} spins)
     */
    static FutexSignal signal(MappedMemory memory, int base) {
        return new FutexSignal(memory, base, base + ARMED_WORD_OFFSET, ARMED, Waiters.MANY, 0,
                FutexSignal.FIRST_SLICE_NANOS, Deadline.SLICE_NANOS);
    }

    /**
     * Loads the native futex binding now, with one wake of the waiters on the signal (who
     * re-check their conditions and sleep again). A subscriber or consumer calls this before it
     * attaches: the binding's first use can take a second on a loaded machine, and it must not
     * happen while the new slot already holds producers back.
     *
     * @param signal the signal it will wait on
     */
    static void prepareToWait(FutexSignal signal) {
        signal.wakeForClose();
    }

    /**
     * Waits until {@code ready} is true or the timeout expires, the way {@code strategy} says:
     * {@link WaitStrategy#BLOCKING} spins briefly, then sleeps on the signal; the others re-check
     * without ever sleeping (busy spin, yield, or {@link Deadline#backoff}), so the signal is never
     * armed by this waiter and costs the other side nothing.
     *
     * @param strategy     how to wait
     * @param signal       the signal the other side signals after changing the state
     * @param ready        reads the shared state, no side effect
     * @param timeoutNanos the longest wait, non-negative
     * @return true when ready, false on timeout
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    static boolean await(WaitStrategy strategy, FutexSignal signal, BooleanSupplier ready, long timeoutNanos)
            throws InterruptedException {
        if (strategy == WaitStrategy.BLOCKING) {
            for (int i = 0; i < SPINS_BEFORE_SLEEP; i++) {
                if (ready.getAsBoolean()) {
                    return true;
                }
                Thread.onSpinWait();
            }
            return signal.await(ready, Deadline.after(timeoutNanos, TimeUnit.NANOSECONDS));
        }
        long deadline = Deadline.after(timeoutNanos, TimeUnit.NANOSECONDS);
        for (int attempt = 0; ; attempt++) {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (Deadline.expired(deadline)) {
                return false;
            }
            if (strategy == WaitStrategy.BUSY_SPIN) {
                Thread.onSpinWait();
            } else if (strategy == WaitStrategy.YIELD) {
                Thread.yield();
            } else {
                Deadline.backoff(attempt);
            }
        }
    }
}
