package io.ipcring.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How long a blocking primitive may still wait, and its futex sleep in bounded slices.
 *
 * <p>A native futex wait cannot be cut short by {@link Thread#interrupt()}, so no sleep lasts
 * longer than {@link #SLICE_NANOS}: an interrupt is noticed within one slice, and a waiter whose
 * waker died re-examines the shared state at least that often.
 */
final class Deadline {
    /** The longest single futex sleep. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How many times a waiter re-reads a busy word before it sleeps. */
    static final int SPINS = 100;

    private static final Deadline NONE = new Deadline(false, 0);
    private static final Deadline NOW = new Deadline(true, 0);

    private final boolean timed;
    private final long deadlineNanos;

    private Deadline(boolean timed, long deadlineNanos) {
        this.timed = timed;
        this.deadlineNanos = deadlineNanos;
    }

    /** @return a deadline that never expires */
    static Deadline none() {
        return NONE;
    }

    /** @return a deadline that has already expired: a single attempt, no waiting */
    static Deadline now() {
        return NOW;
    }

    /**
     * @param timeout how long from now; zero or negative means no waiting
     * @param unit    its unit
     * @return the deadline
     */
    static Deadline after(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (timeout <= 0) {
            return NOW;
        }
        long nanos = unit.toNanos(timeout);
        long now = System.nanoTime();
        // saturate: a timeout of centuries must not wrap into the past
        return new Deadline(true, nanos > Long.MAX_VALUE / 2 ? now + Long.MAX_VALUE / 2 : now + nanos);
    }

    /** @return true when no waiting at all is allowed */
    boolean isNow() {
        return this == NOW;
    }

    /** @return true when the time is up (never for {@link #none()}) */
    boolean expired() {
        return timed && (this == NOW || deadlineNanos - System.nanoTime() <= 0);
    }

    /**
     * Sleeps on the futex word at {@code offset} while it holds {@code expected}, for at most one
     * slice and at most until the deadline, honouring interrupts before and after the sleep.
     *
     * @param memory   the mapping
     * @param offset   the futex word
     * @param expected the value it must hold for the thread to sleep
     * @return why the sleep ended
     * @throws InterruptedException if the thread is interrupted (its interrupt status is cleared)
     */
    Futex.WaitResult sleep(MappedMemory memory, int offset, int expected) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Futex.WaitResult result = sleepUninterruptibly(memory, offset, expected);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return result;
    }

    /**
     * As {@link #sleep} but ignores interrupts and leaves the interrupt status alone.
     *
     * @param memory   the mapping
     * @param offset   the futex word
     * @param expected the value it must hold for the thread to sleep
     * @return why the sleep ended
     */
    Futex.WaitResult sleepUninterruptibly(MappedMemory memory, int offset, int expected) {
        long slice = SLICE_NANOS;
        if (timed) {
            slice = Math.min(slice, Math.max(0, deadlineNanos - System.nanoTime()));
        }
        return Futex.wait(memory, offset, expected, slice);
    }
}
