package io.ipcring.sync;

import static io.ipcring.sync.SemaphoreSetLayout.ARMED;
import static io.ipcring.sync.SemaphoreSetLayout.ARMED_OFFSET;
import static io.ipcring.sync.SemaphoreSetLayout.COUNT_OFFSET;
import static io.ipcring.sync.SemaphoreSetLayout.LOCK_OFFSET;
import static io.ipcring.sync.SemaphoreSetLayout.LOG_ENTRY_LENGTH;
import static io.ipcring.sync.SemaphoreSetLayout.LOG_LENGTH_OFFSET;
import static io.ipcring.sync.SemaphoreSetLayout.SIGNAL_OFFSET;
import static io.ipcring.sync.SemaphoreSetLayout.VALUES_OFFSET;

import io.ipcring.sync.FutexSignal.Waiters;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A set of {@code k} semaphores in shared memory ({@link SemaphoreSetLayout}) changed by lists of
 * operations applied atomically, all or nothing, with the System V {@code semop} contract: for
 * each {@link Op} in order, a negative delta needs the semaphore's value to be at least
 * {@code |delta|}, a zero delta needs the value to be zero ("wait for zero"), a positive delta
 * adds. When any operation of the list cannot be applied, none is, and {@link #apply} waits until
 * all can. No process ever sees part of a list applied. Values stay in 0 to {@link #MAX_VALUE}.
 *
 * <p><b>How</b>: the values are guarded by an internal {@link RobustMutex}, held only for the few
 * hundred nanoseconds an update or a read takes (never while waiting). An update first writes
 * the new values to a redo log in the set; if its process dies mid-update, the next process that
 * takes the internal lock over replays the log, so the update is completed rather than left half
 * applied. A list that cannot be applied waits on a {@link FutexSignal} (many waiters, no spins:
 * each look takes the lock), in slices of at most {@link Deadline#SLICE_NANOS}; an update that
 * changes values signals it after unlocking, which costs no fence and no system call while no
 * waiter ever slept, and a system call only when one announced itself.
 *
 * <p><b>Progress</b>: blocking. Updates and reads are serialised by the internal lock: a process
 * stopped (not killed) while holding it stops the others until it resumes; one killed holding it
 * is recovered from within about 20 ms. Waiters are not served in order: a list that needs much
 * can be overtaken indefinitely by lists that need little. Unlike System V's {@code SEM_UNDO},
 * nothing a dead process took is given back.
 */
public final class SemaphoreSet {
    /** Required alignment of a set's offset. */
    public static final int ALIGNMENT = SemaphoreSetLayout.ALIGNMENT;
    /** The largest value a semaphore can hold. */
    public static final int MAX_VALUE = Integer.MAX_VALUE;
    /** The most operations one list may hold (System V's {@code SEMOPM}). */
    public static final int MAX_OPS = 500;

    /**
     * One operation of a list: add {@code delta} to semaphore {@code index}.
     *
     * @param index the semaphore, from 0
     * @param delta negative to take (waits for enough), zero to wait for zero, positive to give
     */
    public record Op(int index, int delta) {
        /**
         * Validates what can be checked without the set.
         *
         * @param index the semaphore, not negative
         * @param delta the change, not {@link Integer#MIN_VALUE}
         */
        public Op {
            if (index < 0) {
                throw new IllegalArgumentException("index=" + index + " must not be negative");
            }
            if (delta == Integer.MIN_VALUE) {
                throw new IllegalArgumentException("delta=" + delta + " has no positive counterpart");
            }
        }
    }

    private enum Outcome { BLOCKED, UNCHANGED, CHANGED }

    private final MappedMemory memory;
    private final int offset;
    private final int count;
    private final RobustMutex lock;
    private final int values;
    private final int log;
    private final FutexSignal signal;

    private SemaphoreSet(MappedMemory memory, int offset, int count) {
        this.memory = Placement.check(memory, offset, SemaphoreSetLayout.length(count), ALIGNMENT, "SemaphoreSet");
        this.offset = offset;
        this.count = count;
        this.lock = RobustMutex.attach(memory, offset + LOCK_OFFSET);
        this.values = offset + VALUES_OFFSET;
        this.log = offset + SemaphoreSetLayout.logOffset(count);
        this.signal = new FutexSignal(memory, offset + SIGNAL_OFFSET, offset + ARMED_OFFSET, ARMED, Waiters.MANY, 0,
                FutexSignal.FIRST_SLICE_NANOS, Deadline.SLICE_NANOS);
    }

    /**
     * @param count the number of semaphores
     * @return the bytes a set of that many semaphores takes
     */
    public static int length(int count) {
        return SemaphoreSetLayout.length(count);
    }

    /**
     * Shorthand for {@code new Op(index, delta)}.
     *
     * @param index the semaphore
     * @param delta the change
     * @return the operation
     */
    public static Op op(int index, int delta) {
        return new Op(index, delta);
    }

    /**
     * Writes a set at {@code offset}. Only when no process uses that memory yet.
     *
     * @param memory        the mapping
     * @param offset        where the set goes, a multiple of {@link #ALIGNMENT}
     * @param initialValues one initial value per semaphore (their number is the set's size), each
     *                      0 to {@link #MAX_VALUE}
     * @return the set
     */
    public static SemaphoreSet initialize(MappedMemory memory, int offset, int... initialValues) {
        for (int i = 0; i < initialValues.length; i++) {
            if (initialValues[i] < 0) {
                throw new IllegalArgumentException("initialValues[" + i + "]=" + initialValues[i]
                        + " must not be negative");
            }
        }
        SemaphoreSet set = new SemaphoreSet(memory, offset, initialValues.length);
        RobustMutex.initialize(memory, offset + LOCK_OFFSET);
        memory.putInt(offset + COUNT_OFFSET, initialValues.length);
        memory.putInt(offset + LOG_LENGTH_OFFSET, 0);
        memory.putInt(offset + ARMED_OFFSET, 0);
        for (int i = 0; i < initialValues.length; i++) {
            memory.putInt(set.values + i * Integer.BYTES, initialValues[i]);
        }
        // Volatile: publishes the whole set to threads of this process that attach later.
        memory.putIntVolatile(offset + SIGNAL_OFFSET, 0);
        return set;
    }

    /**
     * Attaches to a set that {@link #initialize} wrote, reading its size from memory.
     *
     * @param memory the mapping
     * @param offset where the set is, a multiple of {@link #ALIGNMENT}
     * @return the set
     * @throws IllegalStateException when the stored size is out of range or the set does not fit
     *                               in the mapping (corrupted or not initialised)
     */
    public static SemaphoreSet attach(MappedMemory memory, int offset) {
        Placement.check(memory, offset, VALUES_OFFSET, ALIGNMENT, "SemaphoreSet");
        // Volatile: pairs with the volatile store that ends initialize() in this process.
        int count = memory.getIntVolatile(offset + COUNT_OFFSET);
        if (count < 1 || count > SemaphoreSetLayout.MAX_SEMAPHORES
                || SemaphoreSetLayout.length(count) > memory.capacity() - offset) {
            throw new IllegalStateException("SemaphoreSet at offset=" + offset + " holds count=" + count
                    + ", which is out of range or does not fit in capacity=" + memory.capacity()
                    + ": corrupted or not initialised");
        }
        return new SemaphoreSet(memory, offset, count);
    }

    /** @return the number of semaphores */
    public int count() {
        return count;
    }

    /**
     * Applies {@code ops} atomically, waiting as long as it takes until all can be applied.
     *
     * @param ops the operations, 1 to {@link #MAX_OPS}, applied in order
     * @throws InterruptedException     if interrupted while waiting (noticed within 20 ms); nothing applied
     * @throws IllegalArgumentException if an index is out of range or the list is empty or too long
     * @throws IllegalStateException    if a value would exceed {@link #MAX_VALUE} (nothing applied),
     *                                  or the shared state is corrupted
     */
    public void apply(Op... ops) throws InterruptedException {
        checkOps(ops);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        signal.await(() -> applyOnce(ops), Deadline.never());
    }

    /**
     * Applies {@code ops} atomically if all can be applied now; otherwise applies nothing.
     *
     * @param ops the operations, 1 to {@link #MAX_OPS}, applied in order
     * @return true when applied
     * @throws IllegalArgumentException if an index is out of range or the list is empty or too long
     * @throws IllegalStateException    if a value would exceed {@link #MAX_VALUE}, or the shared
     *                                  state is corrupted
     */
    public boolean tryApply(Op... ops) {
        checkOps(ops);
        return applyOnce(ops);
    }

    /**
     * Applies {@code ops} atomically, waiting at most {@code timeout} until all can be applied.
     *
     * @param timeout the longest wait; zero or negative for a single attempt
     * @param unit    its unit
     * @param ops     the operations, 1 to {@link #MAX_OPS}, applied in order
     * @return true when applied, false when the time ran out (nothing applied)
     * @throws InterruptedException     if interrupted while waiting; nothing applied
     * @throws IllegalArgumentException if an index is out of range or the list is empty or too long
     * @throws IllegalStateException    if a value would exceed {@link #MAX_VALUE}, or the shared
     *                                  state is corrupted
     */
    public boolean tryApply(long timeout, TimeUnit unit, Op... ops) throws InterruptedException {
        checkOps(ops);
        long deadline = Deadline.after(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return signal.await(() -> applyOnce(ops), deadline);
    }

    /**
     * @param index the semaphore, 0 to {@link #count()} - 1
     * @return its value now
     * @throws IllegalStateException if the shared state is corrupted
     */
    public int value(int index) {
        checkIndex(index);
        boolean changed = false;
        lock.lockUninterruptibly();
        try {
            changed = replayPendingUpdate();
            return valueAt(index);
        } finally {
            unlockAndWake(changed);
        }
    }

    /**
     * @return every value at one instant, as no update is half applied
     * @throws IllegalStateException if the shared state is corrupted
     */
    public int[] snapshot() {
        int[] result = new int[count];
        boolean changed = false;
        lock.lockUninterruptibly();
        try {
            changed = replayPendingUpdate();
            for (int i = 0; i < count; i++) {
                result[i] = valueAt(i);
            }
            return result;
        } finally {
            unlockAndWake(changed);
        }
    }

    /** Takes the lock and applies the list when it can be applied whole. @return true when applied */
    private boolean applyOnce(Op[] ops) {
        boolean changed = false;
        lock.lockUninterruptibly();
        try {
            changed = replayPendingUpdate();
            Outcome outcome = applyLocked(ops);
            changed |= outcome == Outcome.CHANGED;
            return outcome != Outcome.BLOCKED;
        } finally {
            unlockAndWake(changed);
        }
    }

    /** Unlocks, then, when values changed, signals the waiters (the signal's fence orders the unlock first). */
    private void unlockAndWake(boolean changed) {
        lock.unlock();
        if (changed) {
            signal.signal();
        }
    }

    /** Under the lock: checks the list against the values and, when it can be applied, applies it. */
    private Outcome applyLocked(Op[] ops) {
        checkHeader();
        boolean changes = false;
        for (int j = 0; j < ops.length; j++) {
            int index = ops[j].index();
            long running = valueAt(index);
            for (int i = 0; i < j; i++) {
                if (ops[i].index() == index) {
                    running += ops[i].delta();
                }
            }
            int delta = ops[j].delta();
            if (delta < 0 && running < -delta || delta == 0 && running != 0) {
                return Outcome.BLOCKED;
            }
            if (delta > 0 && running + delta > MAX_VALUE) {
                throw new IllegalStateException("op #" + j + " (index=" + index + ", delta=" + delta
                        + ") would raise value=" + running + " above MAX_VALUE=" + MAX_VALUE + "; nothing applied");
            }
            changes |= delta != 0;
        }
        if (!changes) {
            return Outcome.UNCHANGED;
        }
        int entries = 0;
        for (int j = 0; j < ops.length; j++) {
            int index = ops[j].index();
            if (isLastOpOn(ops, j)) {
                long newValue = valueAt(index);
                for (Op op : ops) {
                    if (op.index() == index) {
                        newValue += op.delta();
                    }
                }
                int entry = log + entries * LOG_ENTRY_LENGTH;
                memory.putInt(entry, index);
                memory.putInt(entry + Integer.BYTES, (int) newValue);
                entries++;
            }
        }
        // Release: the log entries are complete before the count says they are valid.
        memory.putIntRelease(offset + LOG_LENGTH_OFFSET, entries);
        // Release fence (StoreStore): no value store below moves above the count; a process killed
        // after changing any value has a valid log to be replayed.
        VarHandle.releaseFence();
        writeLoggedValues(entries);
        // Release: every value is written before the log is declared done.
        memory.putIntRelease(offset + LOG_LENGTH_OFFSET, 0);
        return Outcome.CHANGED;
    }

    /** Under the lock: completes the update of a holder that died mid-way. @return true if one was pending */
    private boolean replayPendingUpdate() {
        int entries = memory.getInt(offset + LOG_LENGTH_OFFSET);
        if (entries == 0) {
            return false;
        }
        if (entries < 0 || entries > count) {
            throw new IllegalStateException("SemaphoreSet at offset=" + offset + ": redo log length=" + entries
                    + " outside [0, " + count + "]: corrupted");
        }
        for (int e = 0; e < entries; e++) {
            int entry = log + e * LOG_ENTRY_LENGTH;
            int index = memory.getInt(entry);
            int value = memory.getInt(entry + Integer.BYTES);
            if (index < 0 || index >= count || value < 0) {
                throw new IllegalStateException("SemaphoreSet at offset=" + offset + ": redo log entry " + e
                        + " (index=" + index + ", value=" + value + ") is invalid: corrupted");
            }
        }
        writeLoggedValues(entries);
        // Release: the replayed values are written before the log is declared done.
        memory.putIntRelease(offset + LOG_LENGTH_OFFSET, 0);
        return true;
    }

    private void writeLoggedValues(int entries) {
        for (int e = 0; e < entries; e++) {
            int entry = log + e * LOG_ENTRY_LENGTH;
            memory.putInt(values + memory.getInt(entry) * Integer.BYTES, memory.getInt(entry + Integer.BYTES));
        }
    }

    private static boolean isLastOpOn(Op[] ops, int j) {
        for (int i = j + 1; i < ops.length; i++) {
            if (ops[i].index() == ops[j].index()) {
                return false;
            }
        }
        return true;
    }

    private void checkHeader() {
        int storedCount = memory.getInt(offset + COUNT_OFFSET);
        if (storedCount != count) {
            throw new IllegalStateException("SemaphoreSet at offset=" + offset + " holds count=" + storedCount
                    + " (attached with " + count + "): corrupted");
        }
    }

    private int valueAt(int index) {
        int value = memory.getInt(values + index * Integer.BYTES);
        if (value < 0) {
            throw new IllegalStateException("SemaphoreSet at offset=" + offset + ": semaphore " + index
                    + " holds value=" + value + ", below zero: corrupted");
        }
        return value;
    }

    private void checkOps(Op[] ops) {
        Objects.requireNonNull(ops, "ops");
        if (ops.length == 0 || ops.length > MAX_OPS) {
            throw new IllegalArgumentException("ops.length=" + ops.length + " must be in [1, " + MAX_OPS + "]");
        }
        for (int i = 0; i < ops.length; i++) {
            Objects.requireNonNull(ops[i], "ops[" + i + "]");
            if (ops[i].index() >= count) {
                throw new IllegalArgumentException("ops[" + i + "].index=" + ops[i].index() + " outside [0, "
                        + count + ")");
            }
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("index=" + index + " outside [0, " + count + ")");
        }
    }
}
