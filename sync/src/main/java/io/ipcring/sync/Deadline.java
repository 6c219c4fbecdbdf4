package io.ipcring.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines and short waits of every blocking call: a deadline is a {@link System#nanoTime()}
 * value held in a {@code long} (no allocation), made from a caller's timeout with one cap, and
 * {@link #backoff} is the one short wait for progress another thread or process has already
 * begun (spin for {@link SpinBudget}'s time, then park briefly). Waits for a state change that
 * may take any time sleep on a futex instead ({@link FutexSignal}).
 */
public final class Deadline {
    /**
     * The longest timeout a deadline holds (about 73 years): longer ones are cut to it, so that
     * {@code System.nanoTime() + timeout} and the differences of two deadlines never overflow.
     */
    public static final long MAX_TIMEOUT_NANOS = Long.MAX_VALUE / 4;
    /**
     * The longest single futex sleep of every blocking call. A native futex wait cannot be cut
     * short by {@link Thread#interrupt()}, and a sleeper re-examines the shared state only when it
     * wakes, so this bounds how late a waiter notices an interrupt, a close from another thread
     * (which waits 200 ms for the sleeper) and a lock owner's death. Each slice that ends costs a
     * wake-up of about 0.1 ms of CPU on a loaded 2-vCPU VM, so an idle waiter uses about 0.5% of a
     * core at 20 ms.
     */
    public static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The shortest park of {@link #backoff}. */
    public static final long MIN_PARK_NANOS = 1_000L;
    /** The longest park of {@link #backoff} for progress already under way elsewhere. */
    public static final long MAX_PARK_NANOS = 100_000L;

    private Deadline() {
    }

    /**
     * @param timeout how long from now; zero or negative means the deadline has passed already
     * @param unit    its unit
     * @return the {@link System#nanoTime()} at which the timeout expires, at most
     *         {@link #MAX_TIMEOUT_NANOS} away
     */
    public static long after(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return System.nanoTime() + Math.min(unit.toNanos(Math.max(0, timeout)), MAX_TIMEOUT_NANOS);
    }

    /** @return a deadline that has passed already: a single attempt, no waiting */
    public static long now() {
        return System.nanoTime();
    }

    /** @return a deadline {@link #MAX_TIMEOUT_NANOS} away: a wait without a timeout */
    public static long never() {
        return System.nanoTime() + MAX_TIMEOUT_NANOS;
    }

    /**
     * @param deadline a value of {@link #after} or {@link #never}
     * @return the nanoseconds left, zero or negative when it has passed
     */
    public static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    /**
     * @param deadline a value of {@link #after} or {@link #never}
     * @return true when it has passed
     */
    public static boolean expired(long deadline) {
        return remaining(deadline) <= 0;
    }

    /**
     * Waits a little, longer as the wait goes on: busy-spins ({@link Thread#onSpinWait()}) while
     * less than {@link SpinBudget#nanos()} has passed since {@code since}, then parks for about
     * the time waited beyond that budget, at least {@link #MIN_PARK_NANOS} and at most
     * {@code maxParkNanos}, so the parks grow about twofold each. It never yields (a yield can
     * cost a scheduler slice). It reads the clock only every {@link SpinBudget#CLOCK_INTERVAL}th
     * attempt and spins at the others, so after the spin phase a caller re-checks a few times
     * between two parks. For progress that is already under way elsewhere (a writer finishing,
     * a lock holder's few hundred nanoseconds) with {@link #MAX_PARK_NANOS}, and for the rings'
     * {@code BACKOFF} wait.
     *
     * @param since        the {@link System#nanoTime()} at which the caller began to wait
     * @param attempt      how many times the caller has waited for the same thing, from 0
     * @param maxParkNanos the longest park, at least {@link #MIN_PARK_NANOS}
     */
    public static void backoff(long since, int attempt, long maxParkNanos) {
        if ((attempt & (SpinBudget.CLOCK_INTERVAL - 1)) != 0) {
            Thread.onSpinWait();
            return;
        }
        long beyondBudget = System.nanoTime() - since - SpinBudget.nanos();
        if (beyondBudget < 0) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(Math.min(maxParkNanos, Math.max(MIN_PARK_NANOS, beyondBudget)));
        }
    }
}
