package io.ipcring.transport.mq;

import io.ipcring.sync.Deadline;
import java.util.concurrent.TimeUnit;

/**
 * The timed wait of every message-queue endpoint: try to send or receive, and until the deadline
 * passes, check for interruption and try again. What differs is where the waiting happens: a
 * POSIX try waits in the kernel ({@code mq_timedsend}/{@code mq_timedreceive}) for a slice at a
 * time, so the thread checks for interruption between slices; a System V try cannot wait
 * (IPC_NOWAIT), so the retries back off ({@link SysVWait}). Allocates nothing per wait.
 *
 * <p>Used by its endpoint's thread only.
 */
final class QueueWait {
    /** One try at sending or receiving. */
    @FunctionalInterface
    interface Attempt {
        /**
         * @param waitNanos how long the try may wait in the kernel, 0 for not at all
         * @return true when it sent or received
         */
        boolean attempt(long waitNanos);
    }

    private final long sliceNanos;
    private final boolean backingOff;
    private final String before;
    private final String during;

    private QueueWait(long sliceNanos, boolean backingOff, String before, String during) {
        this.sliceNanos = sliceNanos;
        this.backingOff = backingOff;
        this.before = before;
        this.during = during;
    }

    /**
     * A wait whose tries wait in the kernel.
     *
     * @param sliceNanos the longest single wait in the kernel
     * @param before     what an interrupt before the first try interrupted, e.g. "sending to mq:/orders"
     * @param during     what an interrupt while waiting interrupted, e.g. "room in mq:/orders"
     * @return the wait
     */
    static QueueWait inKernel(long sliceNanos, String before, String during) {
        return new QueueWait(sliceNanos, false, before, during);
    }

    /**
     * A wait whose tries never wait, with the pause of {@link SysVWait} between them.
     *
     * @param before  what an interrupt before the first try interrupted
     * @param during  what an interrupt while waiting interrupted
     * @return the wait
     */
    static QueueWait backingOff(String before, String during) {
        return new QueueWait(0, true, before, during);
    }

    /**
     * Tries at least once, and again until a try succeeds or {@code timeout} has passed.
     *
     * @param attempt the try
     * @param timeout the longest wait; 0 or less tries once
     * @param unit    its unit
     * @return true when a try succeeded, false when the timeout expired first
     * @throws InterruptedException when the thread is interrupted before the first try or between
     *                              tries
     */
    boolean await(Attempt attempt, long timeout, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before " + before);
        }
        long since = System.nanoTime();
        long end = Deadline.after(timeout, unit);
        for (int tries = 0; ; tries++) {
            long remaining = Deadline.remaining(end);
            if (attempt.attempt(Math.max(0, Math.min(remaining, sliceNanos)))) {
                return true;
            }
            if (Deadline.expired(end)) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + during);
            }
            if (backingOff) {
                SysVWait.pause(since, tries);
            }
        }
    }
}
