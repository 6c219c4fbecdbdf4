package io.ipcring.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines and short waits of every blocking call: a deadline is a {@link System#nanoTime()}
 * value held in a {@code long} (no allocation), made from a caller's timeout with one cap, and
 * {@link #backoff(int)} is the one short wait for progress another thread or process has
 * already begun (spin, then yield, then park briefly). Waits for a state change that may take
 * any time sleep on a futex instead ({@link FutexSignal}).
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
    /** How many times a waiter re-reads the shared state, busy-spinning, before it sleeps. */
    public static final int SPINS = 100;
    /** Attempts of {@link #backoff} that yield the processor, after the {@link #SPINS} that spin. */
    public static final int YIELDS = 100;
    /** The longest park of {@link #backoff}. */
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
     * Waits a little, longer as {@code attempt} grows: busy-spins for the first {@link #SPINS}
     * attempts, yields for the next {@link #YIELDS}, then parks for 1 µs doubling up to
     * {@link #MAX_PARK_NANOS}. For progress that is already under way elsewhere (a writer
     * finishing, a lock holder's few hundred nanoseconds), never for an open-ended wait.
     *
     * @param attempt how many times the caller has waited for the same thing, from 0
     */
    public static void backoff(int attempt) {
        if (attempt < SPINS) {
            Thread.onSpinWait();
        } else if (attempt < SPINS + YIELDS) {
            Thread.yield();
        } else {
            int doublings = Math.min(7, attempt - SPINS - YIELDS);
            LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 1_000L << doublings));
        }
    }
}
