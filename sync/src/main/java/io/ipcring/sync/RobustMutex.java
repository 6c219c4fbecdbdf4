package io.ipcring.sync;

import static io.ipcring.sync.RobustMutexLayout.CONTENDED;
import static io.ipcring.sync.RobustMutexLayout.FREE;
import static io.ipcring.sync.RobustMutexLayout.LOCK_WORD_OFFSET;
import static io.ipcring.sync.RobustMutexLayout.OWNER_THREAD_OFFSET;
import static io.ipcring.sync.RobustMutexLayout.RECOVERING;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A mutual-exclusion lock living in shared memory ({@link RobustMutexLayout}, 16 bytes), usable by
 * every thread of every process that maps it, and robust: when the owning process dies holding
 * it, the next locker takes it over and is told so ({@link LockResult#ACQUIRED_FROM_DEAD_OWNER}).
 *
 * <p><b>Ownership</b> belongs to a thread of a process, as with {@link java.util.concurrent.locks.ReentrantLock}:
 * only the thread that locked may {@link #unlock()}, through any {@code RobustMutex} over the same
 * memory; any other thread, in this or another process, gets an
 * {@link IllegalMonitorStateException}. The mutex is not reentrant: a thread that locks it again
 * gets an {@link IllegalMonitorStateException} instead of a deadlock. A thread that ends holding
 * the lock leaves it held while its process lives (as with {@code ReentrantLock}); only the
 * death of the owning process frees it.
 *
 * <p><b>Algorithm</b>: the three-state futex mutex of Drepper's "Futexes Are Tricky", with the
 * owner's pid and start time in the locked states. An uncontended lock is one compare-and-set, an
 * unlock one atomic exchange and no system call unless the {@link RobustMutexLayout#CONTENDED} bit
 * says a thread may be asleep. A contended locker spins for {@link SpinBudget}'s time (what a
 * wake-up costs on this machine) until the lock looks free, then sets the bit and sleeps on the
 * futex in slices of at most 20 ms; each slice that ends without a wake-up checks
 * ({@code /proc/<pid>/stat}) whether the owner still runs. A dead owner's exact lock word is replaced by
 * compare-and-set, so of several processes noticing the death only one takes over. Not fair: a
 * running thread may take the lock before a woken sleeper.
 *
 * <p>All processes must share one pid namespace (pids are compared). {@link #tryLock()} on a lock
 * held by another process reads {@code /proc} once to check the owner is alive.
 */
public final class RobustMutex {
    /** Bytes a mutex takes in shared memory. */
    public static final int LENGTH = RobustMutexLayout.LENGTH;
    /** Required alignment of a mutex's offset. */
    public static final int ALIGNMENT = RobustMutexLayout.ALIGNMENT;

    private static final long IDENTITY_MASK = ~(CONTENDED | RECOVERING);
    private static final long NO_THREAD = 0L;

    /** What a lock attempt achieved. */
    public enum LockResult {
        /** The calling thread now owns the lock. */
        ACQUIRED,
        /**
         * The calling thread now owns the lock, taken over from an owner process that died holding
         * it: the data the lock protects may be half-updated and should be checked or repaired.
         */
        ACQUIRED_FROM_DEAD_OWNER,
        /** The lock was not acquired (only from {@code tryLock}). */
        NOT_ACQUIRED;

        /** @return true for {@link #ACQUIRED} and {@link #ACQUIRED_FROM_DEAD_OWNER} */
        public boolean isAcquired() {
            return this != NOT_ACQUIRED;
        }
    }

    private final MappedMemory memory;
    private final int lockWord;
    private final int ownerThread;
    private final long me;
    /** "The lock word is free" as the condition a contended locker's spin re-checks, made once. */
    private final BooleanSupplier free;

    private RobustMutex(MappedMemory memory, int offset) {
        this.memory = Placement.check(memory, offset, LENGTH, ALIGNMENT, "RobustMutex");
        this.lockWord = offset + LOCK_WORD_OFFSET;
        this.ownerThread = offset + OWNER_THREAD_OFFSET;
        ProcessIdentity self = ProcessIdentity.current();
        if (self.startTicks() == 0) {
            throw new UnsupportedOperationException("RobustMutex needs /proc/self/stat to identify lock owners,"
                    + " and it cannot be read");
        }
        this.me = self.pack();
        // Volatile read: pairs with the exchange in unlock() and the CAS of other lockers.
        this.free = () -> memory.getLongVolatile(lockWord) == FREE;
    }

    /**
     * Writes a free mutex at {@code offset}. Only when no process uses that memory yet, for
     * example in a region's initializer.
     *
     * @param memory the mapping
     * @param offset where the mutex goes, a multiple of {@link #ALIGNMENT}
     * @return the mutex
     */
    public static RobustMutex initialize(MappedMemory memory, int offset) {
        RobustMutex mutex = new RobustMutex(memory, offset);
        memory.putLong(mutex.ownerThread, NO_THREAD);
        // Volatile: publishes the free state to threads of this process that attach later; other
        // processes see it through whatever publishes the region (SharedRegion's magic release).
        memory.putLongVolatile(mutex.lockWord, FREE);
        return mutex;
    }

    /**
     * Attaches to a mutex that {@link #initialize} wrote, in this or another process.
     *
     * @param memory the mapping
     * @param offset where the mutex is, a multiple of {@link #ALIGNMENT}
     * @return the mutex
     */
    public static RobustMutex attach(MappedMemory memory, int offset) {
        return new RobustMutex(memory, offset);
    }

    /**
     * Locks, waiting as long as it takes.
     *
     * @return {@link LockResult#ACQUIRED} or {@link LockResult#ACQUIRED_FROM_DEAD_OWNER}
     * @throws InterruptedException          if interrupted while waiting (noticed within 20 ms)
     * @throws IllegalMonitorStateException if the calling thread already holds the lock
     * @throws IllegalStateException        if the lock word is corrupted
     */
    public LockResult lock() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return acquire(Deadline.never(), true);
    }

    /**
     * Locks if that is possible at once (taking over from a dead owner counts as possible).
     *
     * @return whether and how the lock was acquired
     * @throws IllegalMonitorStateException if the calling thread already holds the lock
     * @throws IllegalStateException        if the lock word is corrupted
     */
    public LockResult tryLock() {
        try {
            return acquire(Deadline.now(), false);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-waiting attempt cannot be interrupted", e);
        }
    }

    /**
     * Locks, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait; zero or negative for a single attempt
     * @param unit    its unit
     * @return whether and how the lock was acquired
     * @throws InterruptedException          if interrupted while waiting
     * @throws IllegalMonitorStateException if the calling thread already holds the lock
     * @throws IllegalStateException        if the lock word is corrupted
     */
    public LockResult tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = Deadline.after(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return acquire(deadline, true);
    }

    /**
     * Locks, waiting at most {@code timeout} and ignoring interrupts (the interrupt status is left
     * as it was), for short critical sections that must not fail because their thread was
     * interrupted, such as a ring subscriber's attach.
     *
     * @param timeout the longest wait; zero or negative for a single attempt
     * @param unit    its unit
     * @return whether and how the lock was acquired
     * @throws IllegalMonitorStateException if the calling thread already holds the lock
     * @throws IllegalStateException        if the lock word is corrupted
     */
    public LockResult tryLockUninterruptibly(long timeout, TimeUnit unit) {
        try {
            return acquire(Deadline.after(timeout, unit), false);
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible wait was interrupted", e);
        }
    }

    /**
     * Locks, waiting as long as it takes and ignoring interrupts, for the short internal critical
     * sections of other primitives.
     *
     * @return {@link LockResult#ACQUIRED} or {@link LockResult#ACQUIRED_FROM_DEAD_OWNER}
     */
    LockResult lockUninterruptibly() {
        try {
            return acquire(Deadline.never(), false);
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible wait was interrupted", e);
        }
    }

    /**
     * Unlocks, waking one sleeping locker if any (no system call when none sleeps).
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public void unlock() {
        // Volatile read: pairs with this thread's own acquiring CAS (or the release store that
        // finishes a takeover); it also orders the owner-thread read below after it.
        long word = memory.getLongVolatile(lockWord);
        long thread = memory.getLong(ownerThread);
        long self = Thread.currentThread().getId();
        if ((word & ~CONTENDED) != me || thread != self) {
            throw new IllegalMonitorStateException("unlock by a thread that does not hold the lock: lock word=0x"
                    + Long.toHexString(word) + " (owner pid=" + ProcessIdentity.unpack(word).pid() + ", owner thread="
                    + thread + "), caller pid=" + ProcessIdentity.current().pid() + " thread=" + self);
        }
        memory.putLong(ownerThread, NO_THREAD);
        // Exchange (volatile, so release): pairs with the acquiring CAS of the next owner, which then
        // sees the protected data and the cleared owner thread.
        long previous = memory.getAndSetLong(lockWord, FREE);
        if ((previous & CONTENDED) != 0) {
            Futex.wake(memory, lockWord, 1);
        }
    }

    /** @return true while some thread, in any process, holds the lock (a dead owner's counts) */
    public boolean isLocked() {
        // Volatile read: a snapshot, pairs with the CAS and exchange that change the word.
        return memory.getLongVolatile(lockWord) != FREE;
    }

    /** @return true when the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        // Volatile read: orders the owner-thread read after it (see unlock()).
        long word = memory.getLongVolatile(lockWord);
        return (word & ~CONTENDED) == me && memory.getLong(ownerThread) == Thread.currentThread().getId();
    }

    /** @return the pid of the process holding the lock, 0 when free */
    public long ownerPid() {
        // Volatile read: a snapshot of the owner, pairs with the CAS and exchange that change the word.
        return ProcessIdentity.unpack(memory.getLongVolatile(lockWord)).pid();
    }

    private LockResult acquire(long deadline, boolean interruptible) throws InterruptedException {
        // CAS: acquire, pairs with the exchange in unlock(): the previous owner's writes are visible.
        if (memory.compareAndSetLong(lockWord, FREE, me)) {
            memory.putLong(ownerThread, Thread.currentThread().getId());
            return LockResult.ACQUIRED;
        }
        return acquireContended(deadline, interruptible);
    }

    private LockResult acquireContended(long deadline, boolean interruptible) throws InterruptedException {
        boolean spun = Deadline.expired(deadline); // a tryLock() does not spin
        boolean slept = false;
        boolean checkOwner = Deadline.expired(deadline);
        boolean checkedReentry = false;
        for (;;) {
            // Volatile read: pairs with the CAS and exchange of other lockers and the unlocker.
            long word = memory.getLongVolatile(lockWord);
            if (word == FREE) {
                // A thread that slept takes the lock as contended: other sleepers may remain whose
                // mark the unlocker cleared, and this owner's unlock must wake them.
                long taken = slept ? me | CONTENDED : me;
                // CAS: acquire, pairs with the exchange in unlock().
                if (memory.compareAndSetLong(lockWord, FREE, taken)) {
                    memory.putLong(ownerThread, Thread.currentThread().getId());
                    return LockResult.ACQUIRED;
                }
                continue;
            }
            requireOwner(word);
            if (!checkedReentry) {
                checkedReentry = true;
                if ((word & ~CONTENDED) == me && memory.getLong(ownerThread) == Thread.currentThread().getId()) {
                    throw new IllegalMonitorStateException("the calling thread already holds this lock"
                            + " (RobustMutex is not reentrant)");
                }
            }
            if (!spun) {
                spun = true;
                SpinBudget.spin(free, SpinBudget.end(deadline));
                continue;
            }
            if (checkOwner) {
                checkOwner = false;
                if (!isOwnerAlive(word)) {
                    if (takeOver(word)) {
                        return LockResult.ACQUIRED_FROM_DEAD_OWNER;
                    }
                    continue;
                }
            }
            if (Deadline.expired(deadline)) {
                return LockResult.NOT_ACQUIRED;
            }
            // CAS: marks the lock contended so the owner's unlock wakes a sleeper; retried if the
            // word changed since it was read.
            if ((word & CONTENDED) == 0 && !memory.compareAndSetLong(lockWord, word, word | CONTENDED)) {
                continue;
            }
            int expected = (int) (word | CONTENDED);
            Futex.WaitResult result = interruptible
                    ? FutexSignal.sleep(memory, lockWord, expected, deadline)
                    : FutexSignal.sleepUninterruptibly(memory, lockWord, expected, deadline);
            slept = true;
            // Nobody woke this thread for a whole slice: the owner may have died.
            checkOwner = result == Futex.WaitResult.TIMED_OUT;
        }
    }

    private boolean takeOver(long deadOwnerWord) {
        // CAS from the dead owner's exact word: only one process can win it. RECOVERING keeps other
        // threads of this process from reading a stale owner thread before the release below;
        // CONTENDED stays set because the dead owner may have had sleepers.
        if (!memory.compareAndSetLong(lockWord, deadOwnerWord, me | RECOVERING | CONTENDED)) {
            return false;
        }
        memory.putLong(ownerThread, Thread.currentThread().getId());
        // Release: pairs with the volatile read in unlock()/isHeldByCurrentThread(): a thread of
        // this process that sees the final word also sees this owner thread, never a dead owner's.
        // Plain store suffices: while this process lives nobody else changes a word with CONTENDED set.
        memory.putLongRelease(lockWord, me | CONTENDED);
        return true;
    }

    private boolean isOwnerAlive(long word) {
        long owner = word & IDENTITY_MASK;
        if (owner == me) {
            return true;
        }
        if (ProcessIdentity.unpack(word).pid() == ProcessIdentity.current().pid()) {
            return false;
        }
        return ProcessIdentity.isAlive(word);
    }

    private void requireOwner(long word) {
        if (ProcessIdentity.unpack(word).pid() == 0) {
            throw new IllegalStateException("RobustMutex lock word=0x" + Long.toHexString(word)
                    + " is neither free nor names an owner pid: corrupted");
        }
    }
}
