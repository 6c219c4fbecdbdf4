package io.ipcring.stress.broken;

import io.ipcring.sync.Futex;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * A deliberately broken copy of {@link FutexSignal}'s armed (steady-state) protocol: the waiter
 * checks its condition, announces itself, and sleeps WITHOUT checking again. A signaller that
 * changes the state between the check and the announcement finds nobody announced and skips the
 * wake; the waiter then sleeps with the change unseen. A logic race, not a reordering, so it
 * shows on x86 too. The signaller is the real one (fence, load, CAS, wake).
 */
public final class NoRecheckFutexSignal {
    private final MappedMemory memory;
    private final int word;

    /**
     * @param memory the mapping
     * @param word   the futex word
     */
    public NoRecheckFutexSignal(MappedMemory memory, int word) {
        this.memory = memory;
        this.word = word;
    }

    /** The real armed signaller. */
    public void signal() {
        VarHandle.fullFence();
        int announced = memory.getIntVolatile(word);
        if (announced != 0 && memory.compareAndSetInt(word, announced, 0)) {
            Futex.wake(memory, word, 1);
        }
    }

    /**
     * The bug: check, announce, then sleep without checking again.
     *
     * @param ready      the state to wait for
     * @param sleepNanos the one sleep's length
     * @return whether the state was seen after the wait
     */
    public boolean await(BooleanSupplier ready, long sleepNanos) {
        if (ready.getAsBoolean()) {
            return true;
        }
        memory.putIntVolatile(word, FutexSignal.SLEEPING);
        VarHandle.fullFence();
        Futex.wait(memory, word, FutexSignal.SLEEPING, sleepNanos);
        return ready.getAsBoolean();
    }
}
