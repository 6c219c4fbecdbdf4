package io.ipcring.ring.fanout;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The calls running on one {@link RingQueue} handle, and its closing: every method that touches
 * the ring counts itself in ({@link #enter}) and out ({@link #exit}), so {@link #close} can wait
 * for them before the handle's slots are given back and the file unmapped. A call that finds the
 * handle closed throws {@link IllegalStateException}; a blocked call checks again after each wait
 * ({@link #ensureOpen}).
 *
 * <p>Thread-safe. The count and the flag form a Dekker pair: {@link #enter} increments the count,
 * then reads the flag; {@link #close} sets the flag, then reads the count. Both are
 * sequentially consistent (an atomic increment, volatile accesses), so either the call sees the
 * flag and leaves, or the close sees the call and waits for it.
 */
final class RingQueueCalls {
    /** How long a closing thread sleeps between looks at the count. */
    private static final long CLOSE_POLL_NANOS = 1_000_000L;

    private final Path path;
    /** Calls counted in and not yet out. */
    private final AtomicInteger active = new AtomicInteger();
    /** Set once by {@link #close}; never cleared. */
    private volatile boolean closed;

    /** @param path the queue's file, for messages */
    RingQueueCalls(Path path) {
        this.path = path;
    }

    /**
     * Counts a call in; pair every return with {@link #exit} in a {@code finally}.
     *
     * @throws IllegalStateException when the handle is closed (the call is not counted then)
     */
    void enter() {
        // the increment, then the read of closed: pairs with the store of closed and the read of
        // active in close(), so a call either sees the close or is seen by it
        active.incrementAndGet();
        if (closed) {
            active.decrementAndGet();
            throw closedException();
        }
    }

    /** Counts a call out. */
    void exit() {
        // pairs with active.get() in close(): a close waiting for this call sees it gone
        active.decrementAndGet();
    }

    /**
     * For a call that waited: fails once the handle is closed.
     *
     * @throws IllegalStateException when the handle is closed
     */
    void ensureOpen() {
        // pairs with the store of closed in close()
        if (closed) {
            throw closedException();
        }
    }

    /** @return whether {@link #close} ran */
    boolean isClosed() {
        // pairs with the store of closed in close(): for describe(), nothing is ordered after it
        return closed;
    }

    /**
     * Marks the handle closed, then waits for the calls counted in to leave, as long as
     * {@link WorkQueueRing#worthWaitingForCallers} says they may still be running.
     *
     * @param ring the handle's ring
     * @return false when the handle was closed already (nothing is left to release)
     */
    boolean close(WorkQueueRing ring) {
        if (closed) {
            return false;
        }
        // the store of closed, then the read of active: pairs with the increment and the read
        // of closed in enter()
        closed = true;
        long since = System.nanoTime();
        while (active.get() > 0 && ring.worthWaitingForCallers(since)) {
            LockSupport.parkNanos(CLOSE_POLL_NANOS);
        }
        return true;
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("RingQueue " + path + " is closed");
    }
}
