package io.ipcring.ring.unicast;

import io.ipcring.sync.Futex;
import io.ipcring.sync.MappedMemory;
import java.lang.invoke.VarHandle;

/**
 * The publishing side's half of the {@link Waiter} protocol: after a publish (producer) or a
 * batch (consumer), wakes the other side if it may be asleep on its futex word. Costs one load
 * of a rarely written word until a waiter of that ring first sleeps; from then on a full fence
 * and a load, and a system call only when a sleeper announced itself. Instances are used by one
 * thread.
 */
final class Waker {
    private final MappedMemory memory;
    private final int flag;
    private final int wordOffset;
    private final int wakesOffset;
    private final int wakeCount;
    private boolean enabled;

    /**
     * @param memory      the ring's mapping
     * @param flag        the waiter flag bit that enables this waker
     * @param wordOffset  the futex word the sleepers wait on
     * @param wakesOffset the statistics counter of wake calls
     * @param wakeCount   how many sleepers one wake releases (1 for the consumer, all for producers)
     */
    Waker(MappedMemory memory, int flag, int wordOffset, int wakesOffset, int wakeCount) {
        this.memory = memory;
        this.flag = flag;
        this.wordOffset = wordOffset;
        this.wakesOffset = wakesOffset;
        this.wakeCount = wakeCount;
    }

    /**
     * Wakes the sleepers on the word, if any; call right after publishing. Small enough for the
     * JIT to inline into a poll or offer that runs mostly empty: the rest is {@link #wake()}.
     */
    void wakeIfSleeping() {
        // Acquire: pairs with the waiter's CAS that sets the flag; see Waiter for the one race.
        if (enabled || (memory.getIntAcquire(RingDescriptor.WAITER_FLAGS_OFFSET) & flag) != 0) {
            wake();
        }
    }

    private void wake() {
        enabled = true;
        // StoreLoad: our publication must be visible before we read the word, pairs with the
        // waiter's volatile store of 1 followed by its volatile re-check (Dekker).
        VarHandle.fullFence();
        int waiting = memory.getIntVolatile(wordOffset);
        // CAS: only one waker issues the system call per announcement.
        if (waiting != 0 && memory.compareAndSetInt(wordOffset, waiting, 0)) {
            Futex.wake(memory, wordOffset, wakeCount);
            memory.getAndAddLong(wakesOffset, 1);
        }
    }
}
