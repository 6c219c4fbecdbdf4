package io.ipcring.ring.fanout;

import io.ipcring.ring.internal.RingWait;
import io.ipcring.sync.FutexSignal.Waiters;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;

/**
 * Where and how long the fan-out rings wait for a state change that may take any time (a message
 * to arrive, room to appear): on a {@link FutexSignal} of many waiters, one per direction, in a
 * line of the ring's header ({@link #SIGNAL_LENGTH} bytes: the futex word, then the word whose
 * bit {@link #ARMED} is the armed flag), for at most {@link #HOUSEKEEPING_SLICE_NANOS} at a
 * time. The waiting itself is {@link RingWait}'s, as for every ring family; the other side
 * signals after each change, which costs no fence and no system call while no waiter of that
 * ring ever slept.
 */
final class FanoutIdle {
    /** Bytes of a signal in the header: its futex word, then its armed-flag word. */
    static final int SIGNAL_LENGTH = 8;
    /** Offset of the armed-flag word from the signal's base. */
    static final int ARMED_WORD_OFFSET = 4;
    /** The armed flag's bit. */
    static final int ARMED = 1;
    /**
     * The longest a blocked caller sleeps before it runs its housekeeping again (releasing stale
     * subscribers, adopting a dead consumer's message). Each wake-up costs CPU (about 0.1 ms per
     * futex wake-up measured on a loaded 2-vCPU VM), so an idle waiter should wake rarely.
     */
    static final long HOUSEKEEPING_SLICE_NANOS = 100_000_000L;
    /** How often a producer waiting for its turn to commit checks whether the producers before it died. */
    static final long LIVENESS_CHECK_INTERVAL_NANOS = 1_000_000L;

    private FanoutIdle() {
    }

    /**
     * @param memory the ring's mapping
     * @param base   the signal's base in the header, 4-byte aligned
     * @return the signal at {@code base}: many waiters, the library's timing
     */
    static FutexSignal signal(MappedMemory memory, int base) {
        return new FutexSignal(memory, base, base + ARMED_WORD_OFFSET, ARMED, Waiters.MANY);
    }

    /**
     * Loads the native futex binding now, with one wake of the waiters on the signal (who
     * re-check their conditions and sleep again). A subscriber or consumer calls this before it
     * attaches: the binding's first use can take a second on a loaded machine, and it must not
     * happen while the new slot already holds producers back.
     *
     * @param signal the signal it will wait on
     */
    static void prepareToWait(FutexSignal signal) {
        signal.wakeForClose();
    }
}
