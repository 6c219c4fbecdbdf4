package io.ipcring.stress.broken;

import io.ipcring.sync.Futex;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * A deliberately broken copy of {@link FutexSignal}'s armed (steady-state) protocol:
 * {@link #signal()} loads the futex word without the full fence after the caller's state store.
 * The waiter side is the real one (announce, full fence, re-check, sleep). A store followed by a
 * load of another address is the one reordering x86 itself performs (the store waits in the
 * store buffer while the load goes ahead), so on x86 as on aarch64 the signaller can read 0 while
 * the waiter, announced, still reads the old state: it sleeps, and nobody wakes it.
 */
public final class FencelessFutexSignal {
    private final MappedMemory memory;
    private final int word;

    /**
     * @param memory the mapping
     * @param word   the futex word
     */
    public FencelessFutexSignal(MappedMemory memory, int word) {
        this.memory = memory;
        this.word = word;
    }

    /** The bug: no {@code VarHandle.fullFence()} between the caller's state store and this load. */
    public void signal() {
        int announced = memory.getIntAcquire(word);
        if (announced != 0 && memory.compareAndSetInt(word, announced, 0)) {
            Futex.wake(memory, word, 1);
        }
    }

    /**
     * The real waiter protocol, one sleep: announce, full fence, re-check, sleep.
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
        if (ready.getAsBoolean()) {
            return true;
        }
        Futex.wait(memory, word, FutexSignal.SLEEPING, sleepNanos);
        return ready.getAsBoolean();
    }
}
