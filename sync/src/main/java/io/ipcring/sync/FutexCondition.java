package io.ipcring.sync;

import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition that threads in any process wait on and that a state change signals: the building
 * block for blocking on a ring that is empty (consumers) or full (producers). Two words in shared
 * memory:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        Sequence: the futex word, +1 at each signal            |  0
 *  +---------------------------------------------------------------+
 *  |        Waiters: threads inside await, in every process        |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Protocol (a Dekker handshake): a waiter increments {@code waiters}, issues a full fence,
 * reads {@code sequence}, then checks its condition, and sleeps on {@code sequence} only if the
 * condition is false; a signaller publishes its state change, issues a full fence, and reads
 * {@code waiters}: only when it is non-zero does it increment {@code sequence} and call
 * FUTEX_WAKE. Either the signaller sees the waiter's increment, or the waiter sees the state
 * change, so no wake-up is lost; a signal that lands between the waiter's check and its sleep
 * changes {@code sequence}, so the kernel refuses the sleep. When nobody waits, a signal costs a
 * fence and a load, no system call.
 *
 * <p>Waits sleep in slices of at most {@link #SLICE_NANOS} (or a slice the caller chooses, per
 * condition or per call) so that {@link Thread#interrupt()}
 * (which cannot cut a native futex wait short) is honoured within a slice, and so that a waiter
 * whose count was lost (its process died inside await, leaving {@code waiters} too high) costs
 * signallers only useless wake calls, never a hang.
 */
public final class FutexCondition {
    /** Offset of the sequence word (the futex word) from the condition's base. */
    public static final int SEQUENCE_OFFSET = 0;
    /** Offset of the waiter count from the condition's base. */
    public static final int WAITERS_OFFSET = 4;
    /** Bytes the condition occupies; its base must be 4-byte aligned. */
    public static final int LENGTH = 8;
    /** The longest single futex sleep by default. */
    public static final long SLICE_NANOS = 10_000_000L;

    private final MappedMemory memory;
    private final int sequenceOffset;
    private final int waitersOffset;
    private final long sliceNanos;

    /**
     * Attaches to a condition at {@code offset}. A zero-filled range is a valid new condition.
     *
     * @param memory the mapping
     * @param offset the condition's base, 4-byte aligned, with {@link #LENGTH} bytes inside the mapping
     */
    public FutexCondition(MappedMemory memory, int offset) {
        this(memory, offset, SLICE_NANOS);
    }

    /**
     * Attaches to a condition at {@code offset} with a chosen sleep slice. Longer slices mean
     * fewer idle wake-ups but slower reaction to interrupts; tests use a long slice so that a
     * lost wake-up shows as a sleep to the timeout instead of being masked by the next re-check.
     *
     * @param memory     the mapping
     * @param offset     the condition's base, 4-byte aligned
     * @param sliceNanos the longest single futex sleep, positive
     */
    public FutexCondition(MappedMemory memory, int offset, long sliceNanos) {
        if (sliceNanos <= 0) {
            throw new IllegalArgumentException("sliceNanos=" + sliceNanos + " must be positive");
        }
        this.sliceNanos = sliceNanos;
        this.memory = Objects.requireNonNull(memory, "memory");
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("offset=" + offset + " is not 4-byte aligned");
        }
        memory.addressOf(offset, LENGTH);
        this.sequenceOffset = offset + SEQUENCE_OFFSET;
        this.waitersOffset = offset + WAITERS_OFFSET;
    }

    /**
     * Wakes every waiter so it re-checks its condition. Call after the state change is stored.
     *
     * @return true when a waiter was registered (a futex wake was issued)
     */
    public boolean signalAll() {
        // StoreLoad: pairs with the fence in await(); the caller's state store must be visible
        // before we read the waiter count, or a waiter that checked just before could sleep on.
        VarHandle.fullFence();
        if (memory.getIntVolatile(waitersOffset) == 0) {
            return false;
        }
        memory.getAndAddInt(sequenceOffset, 1);
        Futex.wake(memory, sequenceOffset, Integer.MAX_VALUE);
        return true;
    }

    /**
     * Sleeps until {@code condition} is true or the timeout expires. The condition is evaluated
     * at least once; spin before calling this if the condition is likely to turn true soon.
     *
     * @param condition    reads the shared state; must have no side effect
     * @param timeoutNanos the longest wait; negative for no limit
     * @return true when the condition held, false when the timeout expired first
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean await(BooleanSupplier condition, long timeoutNanos) throws InterruptedException {
        return await(condition, timeoutNanos, sliceNanos);
    }

    /**
     * Like {@link #await(BooleanSupplier, long)} with futex sleeps of at most {@code sliceNanos}
     * instead of the condition's own slice.
     * Every slice ends with a wake-up that costs CPU (about 0.1 ms on a 2-vCPU VM), so a long
     * idle wait uses about 0.1 ms / {@code sliceNanos} of a core; an interrupt is noticed within
     * one slice.
     *
     * @param condition    reads the shared state; must have no side effect
     * @param timeoutNanos the longest wait; negative for no limit
     * @param sliceNanos   the longest single futex sleep, positive
     * @return true when the condition held, false when the timeout expired first
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean await(BooleanSupplier condition, long timeoutNanos, long sliceNanos) throws InterruptedException {
        if (sliceNanos <= 0) {
            throw new IllegalArgumentException("sliceNanos=" + sliceNanos + " must be positive");
        }
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        memory.getAndAddInt(waitersOffset, 1);
        try {
            // StoreLoad: pairs with the fence in signalAll(); our registration is visible before we
            // read the sequence and the state.
            VarHandle.fullFence();
            while (true) {
                int sequence = memory.getIntVolatile(sequenceOffset);
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long remaining = deadline == Long.MAX_VALUE ? sliceNanos : deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                Futex.wait(memory, sequenceOffset, sequence, Math.min(remaining, sliceNanos));
            }
        } finally {
            memory.getAndAddInt(waitersOffset, -1);
        }
    }

    /** @return the number of registered waiters (for statistics and tools; may be stale) */
    public int waiters() {
        return memory.getIntVolatile(waitersOffset);
    }

    /** @return the signal sequence (for statistics and tools) */
    public int sequence() {
        return memory.getIntVolatile(sequenceOffset);
    }
}
