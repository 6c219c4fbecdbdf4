package io.ipcring.sync;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures what waking a sleeping thread costs on this machine: a thread of this process parks
 * ({@link LockSupport#park}, a futex wait underneath, as every sleep of the library is), the
 * calling thread unparks it and reads the clock until the woken thread has written its own
 * clock reading. The time from the unpark to that reading is one sample: the kernel's wake-up
 * path and the scheduler's latency to run the woken thread, what a peer pays when the side it
 * talks to went to sleep. {@link #medianNanos()} takes the median of {@link #ROUNDS} samples, so
 * a preemption during one round does not count, and gives up after {@link #MAX_PROBE_NANOS}.
 */
final class WakeUpProbe {
    /** Samples taken (odd, so the median is one of them). */
    static final int ROUNDS = 31;
    /** The longest the probe runs, thread start included; on a loaded machine it takes fewer samples. */
    static final long MAX_PROBE_NANOS = 20_000_000L;
    /**
     * How long the probing thread waits after the sleeper reports {@link Thread.State#WAITING}:
     * the JVM sets that state just before the futex wait, and an unpark in between would measure
     * no sleep at all.
     */
    static final long SETTLE_NANOS = 20_000L;

    private WakeUpProbe() {
    }

    /**
     * Runs the probe on the calling thread and one short-lived daemon thread (a few milliseconds).
     *
     * @return the median wake-up cost in nanoseconds, or {@code -1} when not one round completed
     *         within {@link #MAX_PROBE_NANOS}
     */
    static long medianNanos() {
        Sleeper sleeper = new Sleeper();
        Thread thread = new Thread(sleeper, "ipcring-wake-up-probe");
        thread.setDaemon(true);
        long giveUp = System.nanoTime() + MAX_PROBE_NANOS;
        long[] samples = new long[ROUNDS];
        int taken = 0;
        thread.start();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                if (!awaitParked(thread, sleeper, round, giveUp)) {
                    break;
                }
                long unparkedAt = System.nanoTime();
                // Volatile store: pairs with the sleeper's volatile load of go; a spurious return
                // from park before it sees this round parks again.
                sleeper.go = round;
                LockSupport.unpark(thread);
                // Volatile loads: pair with the sleeper's volatile store of wokeRound, after wokeAt.
                while (sleeper.wokeRound != round) {
                    if (System.nanoTime() - giveUp >= 0) {
                        return median(samples, taken);
                    }
                    Thread.onSpinWait();
                }
                samples[taken++] = sleeper.wokeAt - unparkedAt;
            }
            return median(samples, taken);
        } finally {
            // Volatile store: pairs with the sleeper's loop condition; the unpark ends its park.
            sleeper.stop = true;
            LockSupport.unpark(thread);
        }
    }

    private static boolean awaitParked(Thread thread, Sleeper sleeper, int round, long giveUp) {
        // Volatile load of parkedRound: pairs with the sleeper's store before it parks.
        while (sleeper.parkedRound != round || thread.getState() != Thread.State.WAITING) {
            if (System.nanoTime() - giveUp >= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        long settled = System.nanoTime() + SETTLE_NANOS;
        while (System.nanoTime() - settled < 0) {
            Thread.onSpinWait();
        }
        return true;
    }

    private static long median(long[] samples, int taken) {
        if (taken == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, taken);
        Arrays.sort(sorted);
        return sorted[taken / 2];
    }

    /** The thread that sleeps and is woken, once per round. */
    private static final class Sleeper implements Runnable {
        volatile int parkedRound;
        volatile int go;
        volatile int wokeRound;
        volatile boolean stop;
        /** Written before the volatile store of {@link #wokeRound}, which publishes it. */
        long wokeAt;

        @Override
        public void run() {
            // Volatile loads of stop and go: pair with the prober's stores before its unparks.
            for (int round = 1; !stop; round++) {
                // Volatile store: pairs with the prober's load in awaitParked.
                parkedRound = round;
                while (go != round && !stop) {
                    LockSupport.park(this);
                }
                wokeAt = System.nanoTime();
                // Volatile store (release): publishes wokeAt to the prober's load of wokeRound.
                wokeRound = round;
            }
        }
    }
}
