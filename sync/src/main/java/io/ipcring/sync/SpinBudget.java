package io.ipcring.sync;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one spin-then-sleep policy of the library: how long a waiter busy-spins, re-checking its
 * condition, before it sleeps on a futex. Every blocking path uses it: {@link FutexSignal#await}
 * (the rings' {@code BLOCKING} waits, {@link SemaphoreSet} excepted, whose every look takes a
 * lock), {@link Event}, {@link SharedLatch}, {@link CountingSemaphore}, {@link RobustMutex}, and
 * the spin phase of {@link Deadline#backoff}.
 *
 * <p><b>Why a time, and why this one.</b> A waiter that sleeps makes its peer pay a kernel wake-up
 * (10 to 60 µs on today's virtual machines) the moment the awaited change comes; in a conversation
 * that peer then sleeps too, and every round trip costs a wake-up instead of a cache miss.
 * Spinning costs CPU instead. The classic rule (the 2-competitive spin-then-block of Karlin, Li,
 * Manasse and Owicki, "Empirical studies of competitive spinning", SOSP 1991) is to spin as long
 * as a block and a wake cost, then block: whatever the wait turns out to be, the waiter spends at
 * most twice what the best choice in hindsight would have. glibc's adaptive mutexes and
 * {@code ForkJoinPool}'s spin-then-park follow it. So the budget is a time, not a count of iterations
 * (which depends on the CPU's pause instruction: about 10 cycles on older Intel cores, 140 on
 * Skylake and later), and it is what a wake-up costs on this machine: {@link WakeUpProbe} measures
 * it once per process, lazily, by the first waiter about to spin (a few milliseconds, never on a
 * signalling path, never in a class initializer), clamped to
 * {@link #MIN_NANOS} .. {@link #MAX_NANOS}.
 *
 * <p><b>Override.</b> The system property {@value #PROPERTY} sets the budget in nanoseconds, 0
 * (never spin) to {@link #MAX_PROPERTY_NANOS}, for users who trade CPU for latency either way;
 * nothing is measured then. A value that is not such a number makes every call that would spin
 * throw {@link IllegalArgumentException} naming the property and its value.
 *
 * <p><b>Spinning.</b> {@link #spin} re-checks with {@link Thread#onSpinWait()} between checks and
 * reads {@link System#nanoTime()} only every {@link #CLOCK_INTERVAL} checks; it never yields (a
 * yield can cost the thread a whole scheduler slice, more than any budget). A waiter spins once
 * per wait, before its first sleep: a waiter whose sleep ended without its condition sleeps
 * again at once, so an idle waiter costs a wake-up per slice, not a budget of spinning.
 */
public final class SpinBudget {
    /** The system property that overrides the measured budget, in nanoseconds. */
    public static final String PROPERTY = "ipcring.spinNanos";
    /**
     * The least measured budget. The probe wakes a thread of this process, which the kernel may
     * run on a core that is awake already (3.7 µs read on an idle 2-vCPU AMD EPYC VM), while a
     * peer process on another core waits for that core to leave its idle state: about 20 µs on
     * the same VM (half a pipe round trip), and the C baseline's futex-hybrid spins up to ~19 µs.
     * With a 5 µs floor the bench's blocking ping-pong still slept at p99 there (1.2–1.8 µs with
     * this floor, 20–50 µs without, in paired runs of 2026-12-08).
     */
    public static final long MIN_NANOS = 20_000L;
    /** The largest measured budget: slower wake-ups mean a loaded machine, where spinning starves others. */
    public static final long MAX_NANOS = 200_000L;
    /** The largest budget {@value #PROPERTY} may set (100 ms). */
    public static final long MAX_PROPERTY_NANOS = 100_000_000L;
    /** A spin reads the clock once every this many checks (a power of two). */
    public static final int CLOCK_INTERVAL = 8;
    /**
     * The budget when the probe cannot tell: it completed no round within its time (a heavily
     * loaded machine), or this process may run on one CPU only (pinned with {@code taskset}, as
     * the bench pins each side), where the woken thread waits for the prober's own CPU and the
     * reading is the scheduler's time slice, not a wake-up. The wake-up cost the project measured
     * on a 2-vCPU VM.
     */
    public static final long UNMEASURED_NANOS = 50_000L;

    private static final long UNKNOWN = -1;
    /** Anonymous classes, not lambdas: the first lambda of a JVM costs milliseconds of bootstrap. */
    private static final SpinBudget PROCESS = new SpinBudget(new Supplier<>() {
        @Override
        public String get() {
            return System.getProperty(PROPERTY);
        }
    }, new LongSupplier() {
        @Override
        public long getAsLong() {
            return probe(Runtime.getRuntime().availableProcessors());
        }
    });

    private final Supplier<String> property;
    private final LongSupplier probe;
    /** The budget once known, else {@link #UNKNOWN}. Volatile: written once, read by every waiter. */
    private volatile long budget = UNKNOWN;

    /**
     * @param property the override's value, or null when unset
     * @param probe    measures a wake-up in nanoseconds, negative when it could not
     */
    SpinBudget(Supplier<String> property, LongSupplier probe) {
        this.property = property;
        this.probe = probe;
    }

    /**
     * @return this process's budget in nanoseconds: {@value #PROPERTY} when set, else the
     *         measured wake-up cost within {@link #MIN_NANOS} .. {@link #MAX_NANOS} (measured by
     *         the first call, which takes a few milliseconds; {@link #UNMEASURED_NANOS} if the
     *         probe could not complete a round)
     * @throws IllegalArgumentException if {@value #PROPERTY} is set to something else than a
     *                                  number of nanoseconds from 0 to {@link #MAX_PROPERTY_NANOS}
     */
    public static long nanos() {
        return PROCESS.get();
    }

    /**
     * @param deadline a {@link Deadline}
     * @return when a spin that starts now ends: after this process's budget, or at the deadline
     *         if that comes first
     */
    public static long end(long deadline) {
        return end(nanos(), deadline);
    }

    /**
     * @param spinNanos how long to spin, not negative
     * @param deadline  a {@link Deadline}
     * @return when a spin of {@code spinNanos} that starts now ends, or the deadline if that comes first
     */
    public static long end(long spinNanos, long deadline) {
        long end = System.nanoTime() + spinNanos;
        return end - deadline < 0 ? end : deadline;
    }

    /**
     * Busy-spins until {@code ready} returns true or {@code end} passes, whichever is first:
     * reads the clock before the first check and every {@link #CLOCK_INTERVAL} checks, checks,
     * then {@link Thread#onSpinWait()}. A spin that ends at once checks nothing (the caller
     * checks before and after a spin anyway). Allocates nothing.
     *
     * @param ready the waiter's condition
     * @param end   a value of {@link #end}
     * @return true when {@code ready} returned true, false when the spin ended without it
     */
    public static boolean spin(BooleanSupplier ready, long end) {
        for (int check = 0; ; check++) {
            if ((check & (CLOCK_INTERVAL - 1)) == 0 && System.nanoTime() - end >= 0) {
                return false;
            }
            if (ready.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * @param cpus the CPUs this process may run on ({@link Runtime#availableProcessors()}, which
     *             follows the affinity mask)
     * @return {@link WakeUpProbe#medianNanos()} with two CPUs or more; -1 (not measured) with one,
     *         where the probe's two threads would take turns on one CPU
     */
    static long probe(int cpus) {
        return cpus < 2 ? -1 : WakeUpProbe.medianNanos();
    }

    /** @return the budget, resolving it on the first call */
    long get() {
        // Volatile read: pairs with the write in resolve().
        long known = budget;
        return known != UNKNOWN ? known : resolve();
    }

    private synchronized long resolve() {
        if (budget != UNKNOWN) {
            return budget;
        }
        String value = property.get();
        long resolved = value == null ? clamp(probe.getAsLong()) : parse(value);
        // Volatile write: publishes the budget to get() of every thread.
        budget = resolved;
        return resolved;
    }

    /**
     * @param measured a wake-up's cost, negative when unknown
     * @return it within {@link #MIN_NANOS} .. {@link #MAX_NANOS}; {@link #UNMEASURED_NANOS} when unknown
     */
    static long clamp(long measured) {
        return measured < 0 ? UNMEASURED_NANOS : Math.max(MIN_NANOS, Math.min(MAX_NANOS, measured));
    }

    /**
     * @param value the property's value
     * @return the nanoseconds it sets
     * @throws IllegalArgumentException if it is not a whole number from 0 to {@link #MAX_PROPERTY_NANOS}
     */
    static long parse(String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(value, "is not a whole number of nanoseconds", e);
        }
        if (parsed < 0 || parsed > MAX_PROPERTY_NANOS) {
            throw invalid(value, "is out of range", null);
        }
        return parsed;
    }

    private static IllegalArgumentException invalid(String value, String why, Throwable cause) {
        return new IllegalArgumentException("system property " + PROPERTY + "=" + value + " " + why
                + ": it sets how long a waiter spins before it sleeps, 0 to " + MAX_PROPERTY_NANOS
                + " nanoseconds (unset: measured, " + MIN_NANOS + " to " + MAX_NANOS + ")", cause);
    }
}
