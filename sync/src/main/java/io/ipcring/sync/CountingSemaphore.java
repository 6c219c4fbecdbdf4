package io.ipcring.sync;

import static io.ipcring.sync.CountingSemaphoreLayout.ONE_WAITER;
import static io.ipcring.sync.CountingSemaphoreLayout.PERMITS_OFFSET;
import static io.ipcring.sync.CountingSemaphoreLayout.STATE_OFFSET;

import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore living in shared memory ({@link CountingSemaphoreLayout}, 8 bytes), usable
 * by every thread of every process that maps it: {@code acquire(n)} takes {@code n} permits,
 * waiting until that many are available; {@code release(n)} returns them. Permits never go below
 * zero nor above {@link #MAX_PERMITS}.
 *
 * <p><b>Algorithm</b>: the permits and the number of registered waiters share one long changed by
 * compare-and-set (as glibc's {@code sem_t}). An acquirer that finds too few permits spins for
 * {@link SpinBudget}'s time (what a wake-up costs on this machine), registers as a waiter, looks
 * again, then sleeps on the permits word in slices of at most 20 ms. {@code release} makes a
 * system call only when a waiter is registered, and then wakes all of them: each re-checks whether
 * its own {@code n} is now available, so a waiter for many permits is never left asleep by a
 * wake-up meant for another.
 *
 * <p><b>Fairness</b>: none. Permits go to whichever acquirer takes them first; a waiter for many
 * permits can be overtaken indefinitely by acquirers of few while permits trickle in. Permits held
 * by a process that dies are not returned (use a System V semaphore with {@code SEM_UNDO} for that).
 */
public final class CountingSemaphore {
    /** Bytes a semaphore takes in shared memory. */
    public static final int LENGTH = CountingSemaphoreLayout.LENGTH;
    /** Required alignment of a semaphore's offset. */
    public static final int ALIGNMENT = CountingSemaphoreLayout.ALIGNMENT;
    /** The most permits a semaphore can hold. */
    public static final int MAX_PERMITS = Integer.MAX_VALUE;

    private final MappedMemory memory;
    private final int state;
    private final int permitsWord;

    private CountingSemaphore(MappedMemory memory, int offset) {
        this.memory = Placement.check(memory, offset, LENGTH, ALIGNMENT, "CountingSemaphore");
        this.state = offset + STATE_OFFSET;
        this.permitsWord = offset + PERMITS_OFFSET;
    }

    /**
     * Writes a semaphore at {@code offset}. Only when no process uses that memory yet.
     *
     * @param memory  the mapping
     * @param offset  where the semaphore goes, a multiple of {@link #ALIGNMENT}
     * @param permits the initial permits, 0 to {@link #MAX_PERMITS}
     * @return the semaphore
     */
    public static CountingSemaphore initialize(MappedMemory memory, int offset, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits=" + permits + " must not be negative");
        }
        CountingSemaphore semaphore = new CountingSemaphore(memory, offset);
        // Volatile: publishes the initial state to threads of this process that attach later.
        memory.putLongVolatile(semaphore.state, permits);
        return semaphore;
    }

    /**
     * Attaches to a semaphore that {@link #initialize} wrote, in this or another process.
     *
     * @param memory the mapping
     * @param offset where the semaphore is, a multiple of {@link #ALIGNMENT}
     * @return the semaphore
     */
    public static CountingSemaphore attach(MappedMemory memory, int offset) {
        return new CountingSemaphore(memory, offset);
    }

    /**
     * Takes one permit, waiting as long as it takes.
     *
     * @throws InterruptedException if interrupted while waiting (noticed within 20 ms)
     */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    /**
     * Takes {@code n} permits at once, waiting as long as it takes.
     *
     * @param n how many, 1 to {@link #MAX_PERMITS}
     * @throws InterruptedException  if interrupted while waiting; no permit is taken
     * @throws IllegalStateException if the shared state is corrupted
     */
    public void acquire(int n) throws InterruptedException {
        checkCount(n);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        take(n, Deadline.never());
    }

    /**
     * Takes {@code n} permits if they are available now.
     *
     * @param n how many, 1 to {@link #MAX_PERMITS}
     * @return true when taken
     * @throws IllegalStateException if the shared state is corrupted
     */
    public boolean tryAcquire(int n) {
        checkCount(n);
        try {
            return take(n, Deadline.now());
        } catch (InterruptedException e) {
            throw new AssertionError("a non-waiting attempt cannot be interrupted", e);
        }
    }

    /**
     * Takes {@code n} permits, waiting at most {@code timeout} for them.
     *
     * @param n       how many, 1 to {@link #MAX_PERMITS}
     * @param timeout the longest wait; zero or negative for a single attempt
     * @param unit    its unit
     * @return true when taken, false when the time ran out (nothing taken)
     * @throws InterruptedException  if interrupted while waiting; no permit is taken
     * @throws IllegalStateException if the shared state is corrupted
     */
    public boolean tryAcquire(int n, long timeout, TimeUnit unit) throws InterruptedException {
        checkCount(n);
        long deadline = Deadline.after(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return take(n, deadline);
    }

    /** Returns one permit. @throws IllegalStateException if that would exceed {@link #MAX_PERMITS} */
    public void release() {
        release(1);
    }

    /**
     * Returns {@code n} permits and wakes the waiters, if any.
     *
     * @param n how many, 1 to {@link #MAX_PERMITS}
     * @throws IllegalStateException if the permits would exceed {@link #MAX_PERMITS} (nothing is
     *                               released), or the shared state is corrupted
     */
    public void release(int n) {
        checkCount(n);
        for (;;) {
            // Volatile read: pairs with the CAS of acquirers and other releasers.
            long word = memory.getLongVolatile(state);
            int permits = permits(word);
            if (permits > MAX_PERMITS - n) {
                throw new IllegalStateException("release(" + n + ") with permits=" + permits
                        + " would exceed MAX_PERMITS=" + MAX_PERMITS);
            }
            // CAS (volatile, so release): pairs with the acquirer's CAS that takes these permits,
            // which then sees what this thread wrote before releasing.
            if (memory.compareAndSetLong(state, word, word + n)) {
                if (waiters(word) > 0) {
                    Futex.wake(memory, permitsWord, Integer.MAX_VALUE);
                }
                return;
            }
        }
    }

    /**
     * @return the permits available now
     * @throws IllegalStateException if the shared state is corrupted
     */
    public int availablePermits() {
        // Volatile read: a snapshot, pairs with the CAS that change the state.
        return permits(memory.getLongVolatile(state));
    }

    private boolean take(int n, long deadline) throws InterruptedException {
        boolean spun = false;
        boolean registered = false;
        try {
            for (;;) {
                // Volatile read: pairs with the CAS of releasers and other acquirers.
                long word = memory.getLongVolatile(state);
                int permits = permits(word);
                if (permits >= n) {
                    long next = word - n - (registered ? ONE_WAITER : 0);
                    // CAS: acquire, pairs with the releaser's CAS; takes the permits and, for a
                    // registered waiter, unregisters in the same step.
                    if (memory.compareAndSetLong(state, word, next)) {
                        registered = false;
                        return true;
                    }
                    continue;
                }
                if (Deadline.expired(deadline)) {
                    return false;
                }
                if (!spun) {
                    spun = true;
                    // Volatile read in the condition: pairs with the releasers' CAS.
                    SpinBudget.spin(() -> permits(memory.getLongVolatile(state)) >= n, SpinBudget.end(deadline));
                    continue;
                }
                if (!registered) {
                    if (waiters(word) == Integer.MAX_VALUE) {
                        throw corrupted(word);
                    }
                    // Atomic add: registers before the next look at the permits, so a releaser
                    // either sees this waiter or this thread sees its permits.
                    memory.getAndAddLong(state, ONE_WAITER);
                    registered = true;
                    continue;
                }
                if (Deadline.expired(deadline)) {
                    return false;
                }
                FutexSignal.sleep(memory, permitsWord, permits, deadline);
            }
        } finally {
            if (registered) {
                // Atomic add: unregisters a waiter that leaves without permits (timeout, interrupt).
                memory.getAndAddLong(state, -ONE_WAITER);
            }
        }
    }

    private int permits(long word) {
        int permits = (int) word;
        if (permits < 0 || waiters(word) < 0) {
            throw corrupted(word);
        }
        return permits;
    }

    private static int waiters(long word) {
        return (int) (word >>> 32);
    }

    private IllegalStateException corrupted(long word) {
        return new IllegalStateException("CountingSemaphore state=0x" + Long.toHexString(word) + " (permits="
                + (int) word + ", waiters=" + waiters(word) + ") at offset=" + state + ": corrupted");
    }

    private static void checkCount(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n=" + n + " must be positive");
        }
    }
}
