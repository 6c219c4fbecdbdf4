package io.ipcring.transport.mq;

import io.ipcring.sync.Deadline;
import io.ipcring.sync.SpinBudget;

/**
 * How System V endpoints wait. There is no msgtimedrcv or msgtimedsnd, and a blocking msgrcv or
 * msgsnd can be ended only by a signal (not by {@link Thread#interrupt()}, nor by a close from
 * another thread), so a timed wait retries the non-blocking call (IPC_NOWAIT) in the library's
 * one short-wait policy, {@link Deadline#backoff}: it retries at once for {@link SpinBudget}'s
 * time (what a wake-up costs on this machine), then parks, growing from
 * {@link Deadline#MIN_PARK_NANOS} to {@value #MAX_PARK_NANOS} ns with seven immediate retries
 * between two parks (the policy reads the clock at every eighth). It never yields. A message that
 * arrives during a park waits at most about 1 ms longer than it would with a kernel wait, and an
 * idle waiter makes about eight calls a millisecond. This is the rings' {@code wait=backoff}, and
 * the bench labels the mode so ({@code backoff}).
 */
final class SysVWait {
    /** The longest park between two retries: how late an idle waiter sees a message, as the rings' backoff. */
    static final long MAX_PARK_NANOS = 1_000_000L;

    private SysVWait() {
    }

    /**
     * Pauses before the next retry.
     *
     * @param since   the {@link System#nanoTime()} at which the wait began
     * @param attempt how many tries the wait has made before this pause, from 0
     */
    static void pause(long since, int attempt) {
        Deadline.backoff(since, attempt, MAX_PARK_NANOS);
    }
}
