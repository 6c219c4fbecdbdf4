package io.ipcring.sync;

import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * The one way a thread sleeps until another thread, in any process, changes shared state: a
 * futex word and a once-set "armed" flag, two 32-bit words anywhere in a {@link MappedMemory}.
 * The waiting side spins for {@link SpinBudget}'s time, announces itself in the futex word,
 * re-checks its condition and sleeps in bounded slices; the signalling side, called right after
 * each state change, makes no fence and no system call while no waiter has ever slept, a full
 * fence and one load once one has, and a system call only when a sleeper has announced itself.
 *
 * <p><b>Protocol.</b> Words: {@code W}, the futex word (0: nobody announced, {@link #SLEEPING}: a
 * waiter may be asleep on it), and {@code A}, the armed flag (one bit of a word, set once by the
 * first waiter that is about to sleep, never cleared; other bits of that word are left alone).
 * <pre>
 *   waiter (await)                               signaller (signal, after its state store S)
 *   1. loop: ready()? return; deadline? return   a. A unset (acquire load)? return: no fence,
 *      (the first pass spins, the others sleep)     no system call
 *   2. first sleep of this instance: set A (CAS) b. full fence (StoreLoad: S before the load of W)
 *   3. W := SLEEPING (volatile), full fence      c. W != 0 and CAS W to 0? FUTEX_WAKE(W)
 *   4. ready()? (clear W when one waiter) return
 *   5. FUTEX_WAIT(W, SLEEPING, one slice); clear W when one waiter; back to 1
 * </pre>
 * Once armed (steady state) this is a Dekker handshake: the waiter stores {@code W} then loads
 * the state (3, 4), the signaller stores the state then loads {@code W} (S, b, c), each pair
 * separated by a full fence, so at least one sees the other's store: either the waiter's re-check
 * sees the change, or the signaller sees {@code SLEEPING} and wakes. The kernel compares
 * {@code W} with {@code SLEEPING} and queues the sleeper atomically, so a wake that cleared
 * {@code W} before the waiter reached {@code FUTEX_WAIT} makes the wait return at once.
 *
 * <p>The arming race: a signaller whose load of {@code A} (a) ran before the waiter's CAS (2)
 * became visible skips the wake, and if its state store was still in its CPU's store buffer when
 * the waiter re-checked (4), the waiter sleeps with the change unseen. That store becomes visible
 * within nanoseconds, so every sleep that begins within {@link #FIRST_SLICE_NANOS} of this
 * instance arming (or first finding {@code A} set) lasts at most that long; later signallers
 * see {@code A} and take the fenced path. A lost wake-up can therefore cost one short first
 * sleep, never a full slice.
 *
 * <p>The spin (step 1) comes once per call of {@link #await}, before its first sleep: a waiter
 * whose sleep ends (a slice's end, or a wake for another waiter) without its condition sleeps
 * again without spinning, so an idle waiter costs one wake-up per slice and no spinning. The
 * spin is {@link SpinBudget#nanos()} unless the constructor chose another time.
 *
 * <p>With {@link Waiters#ONE} the single waiter clears {@code W} after each sleep (a signaller
 * that still sees {@code SLEEPING} wakes nobody) and a signal wakes one thread; with
 * {@link Waiters#MANY} only signallers clear {@code W} (a waiter cannot know whether others still
 * sleep) and a signal wakes every sleeper, each re-checking its own condition. A waiter that died
 * asleep leaves {@code W} set: it costs the next signaller one useless system call, never a hang.
 * A sleep lasts at most one slice ({@link Deadline#SLICE_NANOS} unless the constructor chose
 * another), so an interrupt is noticed within a slice.
 *
 * <p>Primitives whose signaller changes the futex word itself with a read-modify-write (the
 * sleeper mark in the state word of {@link Event}, {@link SharedLatch}, {@link CountingSemaphore},
 * {@link RobustMutex}) need no fence and no flag: the atomic operation reads the mark. They sleep
 * through {@link #sleep} and {@link #sleepUninterruptibly}, the same bounded slice.
 *
 * <p>An instance may be shared by the threads of one process: its two caches (whether the flag
 * was seen set, when this instance armed) only ever go one way, and a thread that misses another's
 * update merely takes the slower path once more.
 */
public final class FutexSignal {
    /** The futex word's value while a waiter may be asleep on it. */
    public static final int SLEEPING = 1;
    /** The longest sleep that begins within this time of arming, see the class comment. */
    public static final long FIRST_SLICE_NANOS = 1_000_000L;

    /** In place of a statistics counter's offset: count nothing. */
    public static final int NO_COUNTER = -1;

    private static final long NOT_ARMED = Long.MIN_VALUE;
    private static final long BUDGET = -1;

    /** How many threads may wait on one signal. */
    public enum Waiters {
        /** One waiting thread at a time (a ring's consumer): a signal wakes one. */
        ONE,
        /** Any number of waiting threads, in any processes: a signal wakes them all. */
        MANY
    }

    private final MappedMemory memory;
    private final int word;
    private final int armedWord;
    private final int armedBit;
    private final boolean one;
    /** Nanoseconds each wait spins, or {@link #BUDGET}: {@link SpinBudget#nanos()}, read when a wait spins. */
    private final long spinNanos;
    private final long firstSliceNanos;
    private final long sliceNanos;
    private final int sleepsCounter;
    private final int wakesCounter;
    /** Signalling side: the flag was seen set, so skip its load. Plain: monotonic, a stale false costs one load. */
    private boolean armedSeen;
    /**
     * Waiting side: the {@link System#nanoTime()} at which this instance armed, or {@link #NOT_ARMED}.
     * Volatile: threads of this process may wait through one instance; written once per arming.
     */
    private volatile long armedAtNanos = NOT_ARMED;

    /**
     * A signal with the library's timing: a spin of {@link SpinBudget#nanos()}, then sleeps of at
     * most {@link Deadline#SLICE_NANOS}.
     *
     * @param memory    the mapping holding both words
     * @param word      the futex word's offset, 4-byte aligned
     * @param armedWord the offset of the word holding the armed flag, 4-byte aligned, not {@code word}
     * @param armedBit  the flag: a single bit of that word
     * @param waiters   one or many waiting threads
     */
    public FutexSignal(MappedMemory memory, int word, int armedWord, int armedBit, Waiters waiters) {
        this(memory, word, armedWord, armedBit, waiters, NO_COUNTER, NO_COUNTER);
    }

    /**
     * A signal with the library's timing that counts, for statistics, its sleeps and its wake calls
     * in two longs of the mapping (atomic adds, off the fast paths).
     *
     * @param memory        the mapping holding the words
     * @param word          the futex word's offset, 4-byte aligned
     * @param armedWord     the offset of the word holding the armed flag, 4-byte aligned, not {@code word}
     * @param armedBit      the flag: a single bit of that word
     * @param waiters       one or many waiting threads
     * @param sleepsCounter a long, 8-byte aligned, incremented before each futex sleep, or {@link #NO_COUNTER}
     * @param wakesCounter  a long, 8-byte aligned, incremented after each {@code FUTEX_WAKE} of
     *                      {@link #signal()}, or {@link #NO_COUNTER}
     */
    public FutexSignal(MappedMemory memory, int word, int armedWord, int armedBit, Waiters waiters, int sleepsCounter,
            int wakesCounter) {
        this(memory, word, armedWord, armedBit, waiters, sleepsCounter, wakesCounter, BUDGET,
                FIRST_SLICE_NANOS, Deadline.SLICE_NANOS);
    }

    /**
     * A signal with chosen timing, for tests that must tell a lost wake-up from a slice's end (a
     * long slice makes a lost wake-up a long sleep, a long spin keeps a waiter from sleeping) and
     * for callers whose every check is costly (0: no spin).
     *
     * @param memory          the mapping holding both words
     * @param word            the futex word's offset, 4-byte aligned
     * @param armedWord       the offset of the word holding the armed flag, 4-byte aligned, not {@code word}
     * @param armedBit        the flag: a single bit of that word
     * @param waiters         one or many waiting threads
     * @param spinNanos       how long each wait spins before its first sleep, in nanoseconds, not negative
     * @param firstSliceNanos the longest sleep right after arming, positive, at most {@code sliceNanos}
     * @param sliceNanos      the longest sleep, positive
     */
    public FutexSignal(MappedMemory memory, int word, int armedWord, int armedBit, Waiters waiters, long spinNanos,
            long firstSliceNanos, long sliceNanos) {
        this(memory, word, armedWord, armedBit, waiters, NO_COUNTER, NO_COUNTER, checkSpin(spinNanos),
                firstSliceNanos, sliceNanos);
    }

    private FutexSignal(MappedMemory memory, int word, int armedWord, int armedBit, Waiters waiters, int sleepsCounter,
            int wakesCounter, long spinNanos, long firstSliceNanos, long sliceNanos) {
        this.memory = Placement.check(memory, word, Integer.BYTES, Integer.BYTES, "FutexSignal word");
        Placement.check(memory, armedWord, Integer.BYTES, Integer.BYTES, "FutexSignal armed flag");
        if (armedWord == word) {
            throw new IllegalArgumentException("armedWord=" + armedWord + " must differ from word=" + word);
        }
        if (Integer.bitCount(armedBit) != 1) {
            throw new IllegalArgumentException("armedBit=0x" + Integer.toHexString(armedBit) + " must be one bit");
        }
        if (sliceNanos <= 0 || firstSliceNanos <= 0 || firstSliceNanos > sliceNanos) {
            throw new IllegalArgumentException("firstSliceNanos=" + firstSliceNanos + " and sliceNanos=" + sliceNanos
                    + " must be positive, the first at most the second");
        }
        this.word = word;
        this.armedWord = armedWord;
        this.armedBit = armedBit;
        this.one = waiters == Waiters.ONE;
        this.spinNanos = spinNanos;
        this.firstSliceNanos = firstSliceNanos;
        this.sliceNanos = sliceNanos;
        this.sleepsCounter = checkCounter(sleepsCounter, "sleepsCounter");
        this.wakesCounter = checkCounter(wakesCounter, "wakesCounter");
    }

    private static long checkSpin(long spinNanos) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos=" + spinNanos + " must not be negative");
        }
        return spinNanos;
    }

    private int checkCounter(int offset, String name) {
        if (offset != NO_COUNTER) {
            Placement.check(memory, offset, Long.BYTES, Long.BYTES, "FutexSignal " + name);
        }
        return offset;
    }

    /**
     * Wakes the waiter (with {@link Waiters#ONE}) or every waiter (with {@link Waiters#MANY}) if
     * one may be asleep; call right after the state change is stored. Small enough to be inlined
     * into a call that mostly finds nobody waiting: the fenced rest is a method of its own.
     *
     * @return true when a {@code FUTEX_WAKE} was issued
     */
    public boolean signal() {
        // Acquire: pairs with the waiter's CAS that sets the flag (step 2); see the arming race.
        if (armedSeen || (memory.getIntAcquire(armedWord) & armedBit) != 0) {
            return signalArmed();
        }
        return false;
    }

    private boolean signalArmed() {
        armedSeen = true;
        // StoreLoad: the caller's state store is visible before the load of the word below; pairs
        // with the waiter's store of SLEEPING, full fence and re-check (Dekker).
        VarHandle.fullFence();
        int announced = memory.getIntVolatile(word);
        // CAS: one signaller per announcement makes the system call; a waiter that reaches
        // FUTEX_WAIT after it finds the word changed and returns at once.
        if (announced != 0 && memory.compareAndSetInt(word, announced, 0)) {
            Futex.wake(memory, word, one ? 1 : Integer.MAX_VALUE);
            if (wakesCounter != NO_COUNTER) {
                memory.getAndAddLong(wakesCounter, 1);
            }
            return true;
        }
        return false;
    }

    /**
     * Wakes every thread asleep on the futex word and does nothing else, for a close from another
     * thread: no access to the mapping, which a woken thread may unmap meanwhile (the system call
     * then fails, or wakes a stranger, which re-checks and sleeps again). A waiter that has not
     * reached {@code FUTEX_WAIT} yet notices at the end of its slice.
     */
    public void wakeForClose() {
        Futex.wake(memory, word, Integer.MAX_VALUE);
    }

    /**
     * Waits until {@code ready} returns true or the deadline passes: checks it, spins re-checking
     * (once per call), then sleeps in slices as the class comment describes. {@code ready} may be
     * the waiter's attempt itself (a compare-and-set that takes what it waits for): the wait ends
     * with its first success.
     *
     * @param ready    reads the shared state the signaller changes (any loads: a full fence
     *                 precedes the re-check)
     * @param deadline a {@link Deadline}: the {@link System#nanoTime()} at which to give up
     * @return true when {@code ready} returned true, false when the deadline passed first
     * @throws InterruptedException if the thread is interrupted (checked before each sleep and
     *                              after it; the status is cleared)
     */
    public boolean await(BooleanSupplier ready, long deadline) throws InterruptedException {
        boolean spun = false;
        for (;;) {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) {
                return false;
            }
            if (!spun) {
                spun = true;
                long spin = spinNanos == BUDGET ? SpinBudget.nanos() : spinNanos;
                if (SpinBudget.spin(ready, SpinBudget.end(spin, deadline))) {
                    return true;
                }
            } else if (announceAndSleep(ready, remaining)) {
                return true;
            }
        }
    }

    /** Steps 2 to 5 of the protocol. @return true when the re-check after announcing found ready */
    private boolean announceAndSleep(BooleanSupplier ready, long remaining) {
        long armedAt = armedAtNanos;
        if (armedAt == NOT_ARMED) {
            arm();
            armedAt = System.nanoTime();
            armedAtNanos = armedAt;
        }
        // Volatile store, then a full fence (StoreLoad) before the loads of ready(): pairs with the
        // signaller's state store, full fence and load of this word (Dekker).
        memory.putIntVolatile(word, SLEEPING);
        VarHandle.fullFence();
        if (ready.getAsBoolean()) {
            clearAnnouncement();
            return true;
        }
        long slice = System.nanoTime() - armedAt < firstSliceNanos ? firstSliceNanos : sliceNanos;
        if (sleepsCounter != NO_COUNTER) {
            memory.getAndAddLong(sleepsCounter, 1);
        }
        Futex.wait(memory, word, SLEEPING, Math.min(remaining, slice));
        clearAnnouncement();
        return false;
    }

    private void clearAnnouncement() {
        if (one) {
            // Release: after this waiter's re-check and sleep; a signaller that still sees
            // SLEEPING only wakes nobody.
            memory.putIntRelease(word, 0);
        }
    }

    private void arm() {
        for (int attempt = 0; attempt < 64; attempt++) {
            // Volatile read: the current flags, for the CAS below.
            int flags = memory.getIntVolatile(armedWord);
            // CAS (volatile, a full fence): pairs with the signaller's acquire load of the flag;
            // the word's other bits are preserved.
            if ((flags & armedBit) != 0 || memory.compareAndSetInt(armedWord, flags, flags | armedBit)) {
                return;
            }
        }
        throw new IllegalStateException("FutexSignal armed flag word at offset=" + armedWord
                + " keeps changing: 64 compare-and-set attempts failed");
    }

    /**
     * Sleeps on the futex word at {@code offset} while it holds {@code expected}, for at most one
     * {@link Deadline#SLICE_NANOS} and at most until the deadline, honouring interrupts before and
     * after the sleep: the sleeping step of primitives whose waiter marks itself in the word the
     * signaller changes by a read-modify-write.
     *
     * @param memory   the mapping
     * @param offset   the futex word, 4-byte aligned
     * @param expected the value it must hold for the thread to sleep (the waiter's mark)
     * @param deadline a {@link Deadline}
     * @return why the sleep ended
     * @throws InterruptedException if the thread is interrupted (its interrupt status is cleared)
     */
    public static Futex.WaitResult sleep(MappedMemory memory, int offset, int expected, long deadline)
            throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Futex.WaitResult result = sleepUninterruptibly(memory, offset, expected, deadline);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return result;
    }

    /**
     * As {@link #sleep} but ignores interrupts and leaves the interrupt status alone.
     *
     * @param memory   the mapping
     * @param offset   the futex word, 4-byte aligned
     * @param expected the value it must hold for the thread to sleep
     * @param deadline a {@link Deadline}
     * @return why the sleep ended
     */
    public static Futex.WaitResult sleepUninterruptibly(MappedMemory memory, int offset, int expected, long deadline) {
        return Futex.wait(memory, offset, expected,
                Math.min(Deadline.SLICE_NANOS, Math.max(0, Deadline.remaining(deadline))));
    }
}
