package io.ipcring.transport.mq;

import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * How System V endpoints wait. There is no msgtimedrcv or msgtimedsnd, and a blocking msgrcv or
 * msgsnd can be ended only by a signal, so a timed wait retries the non-blocking call
 * (IPC_NOWAIT) with a back-off: {@value #SPINS} immediate retries, {@value #YIELDS} retries after
 * a yield, then sleeps growing from {@value #MIN_PARK_NANOS} ns to {@value #MAX_PARK_NANOS} ns.
 * An idle waiter thus makes about 1000 calls a second, and a message that arrives during a sleep
 * waits at most about 1 ms longer than it would with a kernel wait. The thread's interrupt status
 * is checked before every retry.
 */
final class SysVWait {
    /** Retries without pausing. */
    static final long SPINS = 50;
    /** Retries after {@link Thread#yield()}. */
    static final long YIELDS = 1000;
    /** The first sleep. */
    static final long MIN_PARK_NANOS = 50_000;
    /** The longest sleep. */
    static final long MAX_PARK_NANOS = 1_000_000;

    private SysVWait() {
    }

    /** @return a fresh back-off for one endpoint; {@code reset()} it before each wait */
    static BackoffIdleStrategy newBackoff() {
        return new BackoffIdleStrategy(SPINS, YIELDS, MIN_PARK_NANOS, MAX_PARK_NANOS);
    }
}
