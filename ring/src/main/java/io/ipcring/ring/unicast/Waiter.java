package io.ipcring.ring.unicast;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.Futex;
import io.ipcring.sync.MappedMemory;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * The waiting side of a blocking call: idles with the chosen {@link WaitStrategy} until a
 * condition holds or a deadline passes. With {@link WaitStrategy#BLOCKING} it spins briefly,
 * then sleeps on a futex word in the ring; the other side wakes it through a {@link Waker}.
 *
 * <p>Sleep protocol (a Dekker handshake with {@link Waker#wakeIfSleeping()}):
 * <ol>
 *   <li>once per process and word: set the ring's waiter flag so the other side starts checking
 *       for sleepers;</li>
 *   <li>store 1 into the futex word (volatile);</li>
 *   <li>re-check the condition with volatile loads; if it holds, do not sleep;</li>
 *   <li>{@code FUTEX_WAIT(word, 1)} for a bounded slice, so a wake-up missed for any reason costs
 *       at most one slice and {@link Thread#interrupt()} is seen within one slice.</li>
 * </ol>
 * The other side publishes (store), issues a full fence, then loads the word: either it sees 1
 * and wakes us, or our re-check (after our store) sees its publication. The kernel compares the
 * word with 1 and queues us atomically, so a wake that cleared the word before we reached
 * {@code FUTEX_WAIT} makes the wait return at once.
 *
 * <p>The waiter flag lets the other side skip the fence while nobody ever slept. The flag is
 * set once and never cleared, so only one race is left: a publication whose flag load ran
 * before our flag store became visible, whose own store was still in its CPU's store buffer
 * when we re-checked. Such a store becomes visible within nanoseconds, so the first sleep after
 * setting the flag is short ({@link #FIRST_SLICE_NANOS}); every later publication sees the flag
 * and takes the fenced path. Instances are used by one thread.
 */
final class Waiter {
    /** What the waiter waits for; checked with volatile loads. */
    interface Condition {
        /** @return true when the wait is over */
        boolean ready();
    }

    /**
     * Spins before a {@link WaitStrategy#BLOCKING} waiter sleeps (a few microseconds). No yields:
     * on a loaded machine one yield can cost a whole scheduler slice.
     */
    static final int SPINS = 100;
    /** The longest single futex sleep; bounds the reaction to an interrupt. */
    static final long SLICE_NANOS = 10_000_000L;
    /** The first sleep after this waiter set the ring's waiter flag, see the class comment. */
    static final long FIRST_SLICE_NANOS = 1_000_000L;

    private final WaitStrategy strategy;
    private final MappedMemory memory;
    private final int flag;
    private final int wordOffset;
    private final int sleepsOffset;
    private final boolean sharedWord;
    private final BackoffIdleStrategy backoff;
    private boolean flagSet;
    private boolean firstSleep;

    /**
     * @param strategy     how to idle
     * @param memory       the ring's mapping
     * @param flag         the waiter flag bit to set in {@link RingDescriptor#WAITER_FLAGS_OFFSET}
     * @param wordOffset   the futex word
     * @param sleepsOffset the statistics counter of futex sleeps
     * @param sharedWord   true when several waiters share the word (producers): then only the
     *                     waker clears it; a single waiter clears it after each sleep
     */
    Waiter(WaitStrategy strategy, MappedMemory memory, int flag, int wordOffset, int sleepsOffset, boolean sharedWord) {
        this.strategy = strategy;
        this.memory = memory;
        this.flag = flag;
        this.wordOffset = wordOffset;
        this.sleepsOffset = sleepsOffset;
        this.sharedWord = sharedWord;
        this.backoff = strategy == WaitStrategy.BACKOFF ? new BackoffIdleStrategy(10, 5, 1_000, 1_000_000) : null;
    }

    /**
     * Waits until {@code condition} holds or the deadline passes.
     *
     * @param condition     what to wait for
     * @param deadlineNanos the {@link System#nanoTime()} at which to give up
     * @return true when the condition holds, false on timeout
     * @throws InterruptedException when the thread is interrupted (checked between idle steps)
     */
    boolean await(Condition condition, long deadlineNanos) throws InterruptedException {
        if (backoff != null) {
            backoff.reset();
        }
        for (int step = 0; ; step++) {
            if (condition.ready()) {
                return true;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            switch (strategy) {
                case BUSY_SPIN:
                    Thread.onSpinWait();
                    break;
                case YIELD:
                    Thread.yield();
                    break;
                case BACKOFF:
                    backoff.idle();
                    break;
                default:
                    if (step < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        sleep(condition, remaining);
                    }
            }
        }
    }

    /**
     * Wakes the thread sleeping in {@link #await} on this waiter's word, for a close from another
     * thread ({@link EndpointLifecycle}): a {@code FUTEX_WAKE} of every sleeper on the word and
     * nothing else. It never touches the mapping, which the woken thread may unmap meanwhile (the
     * system call then fails, or wakes a stranger spuriously). A sleeper that has not reached
     * {@code FUTEX_WAIT} yet notices after its slice, at most {@link #SLICE_NANOS}.
     */
    void wakeForClose() {
        if (strategy == WaitStrategy.BLOCKING) {
            Futex.wake(memory, wordOffset, Integer.MAX_VALUE);
        }
    }

    private void sleep(Condition condition, long remaining) {
        if (!flagSet) {
            setFlag();
            flagSet = true;
            firstSleep = true;
        }
        // Volatile store then volatile loads in condition.ready(): pairs with the waker's publish,
        // full fence and volatile load of this word (Dekker): one of us sees the other.
        memory.putIntVolatile(wordOffset, 1);
        if (condition.ready()) {
            clearWord();
            return;
        }
        long slice = Math.min(remaining, firstSleep ? FIRST_SLICE_NANOS : SLICE_NANOS);
        firstSleep = false;
        memory.getAndAddLong(sleepsOffset, 1);
        Futex.wait(memory, wordOffset, 1, slice);
        clearWord();
    }

    private void clearWord() {
        if (!sharedWord) {
            // Release: orders after our re-check; a waker that still sees 1 only wakes nobody.
            memory.putIntRelease(wordOffset, 0);
        }
    }

    private void setFlag() {
        for (int attempt = 0; attempt < 64; attempt++) {
            int flags = memory.getIntVolatile(RingDescriptor.WAITER_FLAGS_OFFSET);
            // CAS: pairs with the waker's acquire load of the flags; other bits are preserved.
            if ((flags & flag) != 0
                    || memory.compareAndSetInt(RingDescriptor.WAITER_FLAGS_OFFSET, flags, flags | flag)) {
                return;
            }
        }
        throw new IllegalStateException("waiter flags at offset " + RingDescriptor.WAITER_FLAGS_OFFSET
                + " keep changing: 64 compare-and-set attempts failed");
    }
}
