package io.ipcring.stress.broken;

import io.ipcring.sync.MappedMemory;

/**
 * A deliberately broken spin lock: {@link #tryLock(long)} waits until the lock word reads free,
 * then stores "held", in two steps instead of one compare-and-set. Two threads can both read free
 * before either stores: both enter. A logic race, not a reordering: it shows on x86 as on aarch64.
 */
public final class CheckThenSetMutex {
    private static final int FREE = 0;
    private static final int HELD = 1;

    private final MappedMemory memory;
    private final int word;

    /**
     * @param memory the mapping
     * @param offset the 4-byte lock word, zero (free) at first
     */
    public CheckThenSetMutex(MappedMemory memory, int offset) {
        this.memory = memory;
        this.word = offset;
    }

    /**
     * The bug: check, then set.
     *
     * @param timeoutNanos how long to spin for a free word
     * @return true when "acquired"
     */
    public boolean tryLock(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (memory.getIntVolatile(word) != FREE) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        memory.putIntVolatile(word, HELD);
        return true;
    }

    /** Frees the lock (a volatile store, so a release: this part is correct). */
    public void unlock() {
        memory.putIntVolatile(word, FREE);
    }
}
