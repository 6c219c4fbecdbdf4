package io.ipcring.ring.fanout;

import io.ipcring.sync.Futex;
import io.ipcring.sync.FutexCondition;
import io.ipcring.sync.MappedMemory;
import java.util.function.BooleanSupplier;

/**
 * How the fan-out rings wait for a state change that may take any time (a message to arrive,
 * room to appear): {@link #await} spins {@link #SPINS_BEFORE_SLEEP} times re-checking, then
 * sleeps on a {@link FutexCondition} that the other side signals. No CPU is used while asleep.
 * Deadlines and the short wait for progress already under way (a producer before us finishing
 * its commit, a lock holder) are {@link io.ipcring.sync.Deadline}'s.
 */
final class FanoutIdle {
    /** Condition checks {@link #await} makes before it sleeps on the futex. */
    static final int SPINS_BEFORE_SLEEP = 200;
    /**
     * The longest a blocked caller sleeps before it runs its housekeeping again (releasing stale
     * subscribers, adopting a dead consumer's message). Each wake-up costs CPU (about 0.1 ms per
     * futex wake-up measured on a loaded 2-vCPU VM), so an idle waiter should wake rarely.
     */
    static final long HOUSEKEEPING_SLICE_NANOS = 100_000_000L;
    /**
     * The longest single futex sleep of {@link #await}: an interrupt is noticed within it, and
     * each slice costs one wake-up (about 0.1 ms of CPU on a loaded 2-vCPU VM, so 0.2% of a core
     * for an idle waiter at 50 ms; {@link FutexCondition#SLICE_NANOS}, 10 ms, would cost 1%).
     */
    static final long SLEEP_SLICE_NANOS = 50_000_000L;
    /** How often a producer waiting for its turn to commit checks whether the producers before it died. */
    static final long LIVENESS_CHECK_INTERVAL_NANOS = 1_000_000L;

    private FanoutIdle() {
    }

    /**
     * Loads the native futex binding now, with one wake of at most one waiter on the condition
     * (who re-checks its condition and sleeps again). A subscriber or consumer calls this before
     * it attaches: the binding's first use can take a second on a loaded machine, and it must
     * not happen while the new slot already holds producers back.
     *
     * @param memory    the ring's mapping
     * @param condition the offset of a {@link FutexCondition} in it
     */
    static void prepareToWait(MappedMemory memory, int condition) {
        Futex.wake(memory, condition + FutexCondition.SEQUENCE_OFFSET, 1);
    }

    /**
     * Wakes every thread sleeping on the condition, for a close from another thread
     * ({@link EndpointLifecycle}): a {@code FUTEX_WAKE} and nothing else. It never touches the
     * mapping, which a woken thread may unmap meanwhile (the system call then fails, or wakes a
     * stranger spuriously); sleepers of other endpoints re-check and sleep again. A sleeper that has
     * not reached {@code FUTEX_WAIT} yet notices after its slice, {@link #SLEEP_SLICE_NANOS}.
     *
     * @param memory    the ring's mapping
     * @param condition the offset of a {@link FutexCondition} in it
     */
    static void wakeForClose(MappedMemory memory, int condition) {
        Futex.wake(memory, condition + FutexCondition.SEQUENCE_OFFSET, Integer.MAX_VALUE);
    }

    /**
     * Waits until {@code ready} is true or the timeout expires: spins briefly, then sleeps on the
     * condition.
     *
     * @param condition    the futex condition the other side signals after changing the state
     * @param ready        reads the shared state, no side effect
     * @param timeoutNanos the longest wait, non-negative
     * @return true when ready, false on timeout
     * @throws InterruptedException if the thread is interrupted while asleep
     */
    static boolean await(FutexCondition condition, BooleanSupplier ready, long timeoutNanos)
            throws InterruptedException {
        for (int i = 0; i < SPINS_BEFORE_SLEEP; i++) {
            if (ready.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return condition.await(ready, timeoutNanos, SLEEP_SLICE_NANOS);
    }
}
