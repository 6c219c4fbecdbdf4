package io.ipcring.sync;

import static io.ipcring.sync.EventLayout.RESET;
import static io.ipcring.sync.EventLayout.RESET_WITH_SLEEPERS;
import static io.ipcring.sync.EventLayout.SET;
import static io.ipcring.sync.EventLayout.STATE_OFFSET;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A manual-reset event living in shared memory ({@link EventLayout}, 4 bytes): {@link #set()}
 * lets every current and future waiter pass until {@link #reset()}. Usable by every thread of
 * every process that maps it.
 *
 * <p>Waiters spin for {@link SpinBudget}'s time (what a wake-up costs on this machine), then mark
 * the word as having sleepers and sleep on it in slices of at most 20 ms. {@code set} makes a
 * system call only when the word is marked, and then wakes every sleeper. A set-then-reset in
 * quick succession may not be seen by a sleeper that has not run in between (the event is a state,
 * not a pulse).
 */
public final class Event {
    /** Bytes an event takes in shared memory. */
    public static final int LENGTH = EventLayout.LENGTH;
    /** Required alignment of an event's offset. */
    public static final int ALIGNMENT = EventLayout.ALIGNMENT;

    private final MappedMemory memory;
    private final int state;
    /** {@link #isSet()} as the condition a spin re-checks, made once. */
    private final BooleanSupplier set = this::isSet;

    private Event(MappedMemory memory, int offset) {
        this.memory = Placement.check(memory, offset, LENGTH, ALIGNMENT, "Event");
        this.state = offset + STATE_OFFSET;
    }

    /**
     * Writes an event at {@code offset}. Only when no process uses that memory yet.
     *
     * @param memory the mapping
     * @param offset where the event goes, a multiple of {@link #ALIGNMENT}
     * @param set    the initial state
     * @return the event
     */
    public static Event initialize(MappedMemory memory, int offset, boolean set) {
        Event event = new Event(memory, offset);
        // Volatile: publishes the initial state to threads of this process that attach later.
        memory.putIntVolatile(event.state, set ? SET : RESET);
        return event;
    }

    /**
     * Attaches to an event that {@link #initialize} wrote, in this or another process.
     *
     * @param memory the mapping
     * @param offset where the event is, a multiple of {@link #ALIGNMENT}
     * @return the event
     */
    public static Event attach(MappedMemory memory, int offset) {
        return new Event(memory, offset);
    }

    /**
     * Sets the event, waking all waiters. Idempotent.
     *
     * @throws IllegalStateException if the shared word is corrupted (it is set all the same)
     */
    public void set() {
        // Exchange (volatile, so release): pairs with the acquire read in await(): a waiter that
        // sees SET sees what the setter wrote before.
        int previous = memory.getAndSetInt(state, SET);
        if (previous == RESET_WITH_SLEEPERS) {
            Futex.wake(memory, state, Integer.MAX_VALUE);
        } else if (previous != RESET && previous != SET) {
            throw corrupted(previous);
        }
    }

    /**
     * Resets the event: later waiters wait again until the next {@link #set()}. Idempotent.
     *
     * @throws IllegalStateException if the shared word is corrupted
     */
    public void reset() {
        // CAS: only SET changes; a reset event keeps its sleeper mark.
        if (!memory.compareAndSetInt(state, SET, RESET)) {
            check(memory.getIntVolatile(state));
        }
    }

    /**
     * @return true while set
     * @throws IllegalStateException if the shared word is corrupted
     */
    public boolean isSet() {
        // Acquire: pairs with the exchange in set().
        return check(memory.getIntAcquire(state)) == SET;
    }

    /**
     * Waits until the event is set.
     *
     * @throws InterruptedException  if interrupted while waiting (noticed within 20 ms)
     * @throws IllegalStateException if the shared word is corrupted
     */
    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        awaitUntil(Deadline.never());
    }

    /**
     * Waits at most {@code timeout} until the event is set.
     *
     * @param timeout the longest wait; zero or negative to look once
     * @param unit    its unit
     * @return true when set, false when the time ran out
     * @throws InterruptedException  if interrupted while waiting
     * @throws IllegalStateException if the shared word is corrupted
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
            // Acquire: pairs with the exchange in set().
            int value = check(memory.getIntAcquire(state));
            if (value == SET) {
                return true;
            }
            if (Deadline.expired(deadline)) {
                return false;
            }
            if (!spun) {
                spun = true;
                SpinBudget.spin(set, SpinBudget.end(deadline));
                continue;
            }
            // CAS: marks a sleeper so set() wakes it; retried if the state changed.
            if (value == RESET && !memory.compareAndSetInt(state, RESET, RESET_WITH_SLEEPERS)) {
                continue;
            }
            FutexSignal.sleep(memory, state, RESET_WITH_SLEEPERS, deadline);
        }
    }

    private int check(int value) {
        if (value != RESET && value != SET && value != RESET_WITH_SLEEPERS) {
            throw corrupted(value);
        }
        return value;
    }

    private IllegalStateException corrupted(int value) {
        return new IllegalStateException("Event state=" + value + " at offset=" + state
                + " is none of reset=0, set=1, reset-with-sleepers=2: corrupted");
    }
}
