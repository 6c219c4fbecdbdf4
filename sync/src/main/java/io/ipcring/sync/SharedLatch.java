package io.ipcring.sync;

import static io.ipcring.sync.SharedLatchLayout.COUNT_MASK;
import static io.ipcring.sync.SharedLatchLayout.SLEEPERS;
import static io.ipcring.sync.SharedLatchLayout.STATE_OFFSET;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A count-down latch living in shared memory ({@link SharedLatchLayout}, 4 bytes), as
 * {@link java.util.concurrent.CountDownLatch} but across processes: {@link #await()} waits until
 * {@link #countDown()} has been called {@code count} times, in any processes. Single use.
 *
 * <p>Waiters spin for {@link SpinBudget}'s time (what a wake-up costs on this machine), then mark
 * the word as having sleepers and sleep on it in slices of at most 20 ms. Only the count-down that
 * reaches zero on a marked word makes a system call, and it wakes every sleeper.
 */
public final class SharedLatch {
    /** Bytes a latch takes in shared memory. */
    public static final int LENGTH = SharedLatchLayout.LENGTH;
    /** Required alignment of a latch's offset. */
    public static final int ALIGNMENT = SharedLatchLayout.ALIGNMENT;
    /** The largest initial count. */
    public static final int MAX_COUNT = COUNT_MASK;

    private final MappedMemory memory;
    private final int state;
    /** "The count is zero" as the condition a spin re-checks, made once. */
    private final BooleanSupplier open = () -> count() == 0;

    private SharedLatch(MappedMemory memory, int offset) {
        this.memory = Placement.check(memory, offset, LENGTH, ALIGNMENT, "SharedLatch");
        this.state = offset + STATE_OFFSET;
    }

    /**
     * Writes a latch at {@code offset}. Only when no process uses that memory yet.
     *
     * @param memory the mapping
     * @param offset where the latch goes, a multiple of {@link #ALIGNMENT}
     * @param count  the count-downs awaited, 0 to {@link #MAX_COUNT}
     * @return the latch
     */
    public static SharedLatch initialize(MappedMemory memory, int offset, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count=" + count + " must not be negative");
        }
        SharedLatch latch = new SharedLatch(memory, offset);
        // Volatile: publishes the initial count to threads of this process that attach later.
        memory.putIntVolatile(latch.state, count);
        return latch;
    }

    /**
     * Attaches to a latch that {@link #initialize} wrote, in this or another process.
     *
     * @param memory the mapping
     * @param offset where the latch is, a multiple of {@link #ALIGNMENT}
     * @return the latch
     */
    public static SharedLatch attach(MappedMemory memory, int offset) {
        return new SharedLatch(memory, offset);
    }

    /** Counts down by one; at zero, releases every waiter. Does nothing when already zero. */
    public void countDown() {
        for (;;) {
            // Volatile read: pairs with the CAS of other count-downs and of sleepers marking the word.
            int value = memory.getIntVolatile(state);
            int count = value & COUNT_MASK;
            if (count == 0) {
                return;
            }
            int next = count == 1 ? 0 : value - 1;
            // CAS (volatile, so release): pairs with the acquire read in await(): a waiter that
            // sees zero sees what every counting thread wrote before counting down.
            if (memory.compareAndSetInt(state, value, next)) {
                if (next == 0 && (value & SLEEPERS) != 0) {
                    Futex.wake(memory, state, Integer.MAX_VALUE);
                }
                return;
            }
        }
    }

    /** @return the count-downs still awaited */
    public int count() {
        // Acquire: pairs with the CAS in countDown().
        return memory.getIntAcquire(state) & COUNT_MASK;
    }

    /**
     * Waits until the count reaches zero.
     *
     * @throws InterruptedException if interrupted while waiting (noticed within 20 ms)
     */
    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        awaitUntil(Deadline.never());
    }

    /**
     * Waits at most {@code timeout} until the count reaches zero.
     *
     * @param timeout the longest wait; zero or negative to look once
     * @param unit    its unit
     * @return true when zero, false when the time ran out
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = Deadline.after(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return awaitUntil(deadline);
    }

    private boolean awaitUntil(long deadline) throws InterruptedException {
        boolean spun = false;
        for (;;) {
            // Acquire: pairs with the CAS in countDown().
            int value = memory.getIntAcquire(state);
            if ((value & COUNT_MASK) == 0) {
                return true;
            }
            if (Deadline.expired(deadline)) {
                return false;
            }
            if (!spun) {
                spun = true;
                SpinBudget.spin(open, SpinBudget.end(deadline));
                continue;
            }
            // CAS: marks a sleeper so the last count-down wakes it; retried if the count changed.
            if ((value & SLEEPERS) == 0 && !memory.compareAndSetInt(state, value, value | SLEEPERS)) {
                continue;
            }
            FutexSignal.sleep(memory, state, value | SLEEPERS, deadline);
        }
    }
}
