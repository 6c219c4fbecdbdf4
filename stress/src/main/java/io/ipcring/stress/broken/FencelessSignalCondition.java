package io.ipcring.stress.broken;

import io.ipcring.sync.Futex;
import io.ipcring.sync.MappedMemory;
import java.util.function.BooleanSupplier;

/**
 * A deliberately broken copy of {@link io.ipcring.sync.FutexCondition}: {@link #signalAll()}
 * reads the waiter count without the full fence after the caller's state store. The waiter side
 * is the real one (an atomic increment, which is a full fence). A store followed by a load of
 * another address is the one reordering x86 itself performs (the store waits in the store
 * buffer while the load goes ahead), so on x86 as on aarch64 the signaller can read
 * {@code waiters == 0} while the waiter, registered, still reads the old state: it sleeps, and
 * nobody wakes it.
 */
public final class FencelessSignalCondition {
    private final MappedMemory memory;
    private final int sequenceOffset;
    private final int waitersOffset;

    /**
     * @param memory the mapping
     * @param offset base of the 8-byte condition
     */
    public FencelessSignalCondition(MappedMemory memory, int offset) {
        this.memory = memory;
        this.sequenceOffset = offset;
        this.waitersOffset = offset + 4;
    }

    /** The bug: no {@code VarHandle.fullFence()} between the caller's state store and this load. */
    public void signalAll() {
        if (memory.getIntAcquire(waitersOffset) != 0) {
            memory.getAndAddInt(sequenceOffset, 1);
            Futex.wake(memory, sequenceOffset, Integer.MAX_VALUE);
        }
    }

    /**
     * The real waiter protocol: register (atomic, a full fence), read the sequence, check, sleep.
     *
     * @param condition    the state to wait for
     * @param timeoutNanos the one sleep's length
     * @return whether the condition held after the wait
     */
    public boolean await(BooleanSupplier condition, long timeoutNanos) {
        memory.getAndAddInt(waitersOffset, 1);
        try {
            int sequence = memory.getIntVolatile(sequenceOffset);
            if (condition.getAsBoolean()) {
                return true;
            }
            Futex.wait(memory, sequenceOffset, sequence, timeoutNanos);
            return condition.getAsBoolean();
        } finally {
            memory.getAndAddInt(waitersOffset, -1);
        }
    }
}
