package io.ipcring.stress.broken;

import io.ipcring.sync.Futex;
import io.ipcring.sync.MappedMemory;
import java.util.function.BooleanSupplier;

/**
 * A deliberately broken copy of {@link io.ipcring.sync.FutexCondition}: the waiter checks its
 * condition BEFORE registering as a waiter. A signaller that changes the state between the check
 * and the registration sees no waiter and skips the wake; the waiter then sleeps on an unchanged
 * sequence. This is a logic race, not a reordering, so it shows on x86 too. Kept to prove that
 * {@code FutexConditionWakeupTest}'s twin catches the bug.
 */
public final class CheckBeforeRegisterCondition {
    private final MappedMemory memory;
    private final int sequenceOffset;
    private final int waitersOffset;

    /**
     * @param memory the mapping
     * @param offset base of the 8-byte condition
     */
    public CheckBeforeRegisterCondition(MappedMemory memory, int offset) {
        this.memory = memory;
        this.sequenceOffset = offset;
        this.waitersOffset = offset + 4;
    }

    /** Same as the real signalAll. */
    public void signalAll() {
        java.lang.invoke.VarHandle.fullFence();
        if (memory.getIntVolatile(waitersOffset) != 0) {
            memory.getAndAddInt(sequenceOffset, 1);
            Futex.wake(memory, sequenceOffset, Integer.MAX_VALUE);
        }
    }

    /**
     * The bug: check, then register, then sleep without checking again.
     *
     * @param condition    the state to wait for
     * @param timeoutNanos the one sleep's length
     * @return whether the condition held after the wait
     */
    public boolean await(BooleanSupplier condition, long timeoutNanos) {
        if (condition.getAsBoolean()) {
            return true;
        }
        int sequence = memory.getIntVolatile(sequenceOffset);
        memory.getAndAddInt(waitersOffset, 1);
        Futex.wait(memory, sequenceOffset, sequence, timeoutNanos);
        memory.getAndAddInt(waitersOffset, -1);
        return condition.getAsBoolean();
    }
}
