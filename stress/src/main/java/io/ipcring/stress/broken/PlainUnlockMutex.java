package io.ipcring.stress.broken;

import io.ipcring.sync.MappedMemory;

/**
 * A deliberately broken spin lock: the lock is a correct compare-and-set, but {@link #unlock()}
 * is a plain store where a release store is needed. The critical section's stores may then become
 * visible after the unlock, so the next owner reads stale data.
 *
 * <p>Only weakly ordered hardware shows it (aarch64, POWER): x86 never lets a store pass an
 * earlier store (TSO), and HotSpot's C2 keeps the order of stores to native memory (all of them
 * share one alias class), so on x86 the plain store happens to behave like a release one.
 */
public final class PlainUnlockMutex {
    private static final int FREE = 0;
    private static final int HELD = 1;

    private final MappedMemory memory;
    private final int word;

    /**
     * @param memory the mapping
     * @param offset the 4-byte lock word, zero (free) at first
     */
    public PlainUnlockMutex(MappedMemory memory, int offset) {
        this.memory = memory;
        this.word = offset;
    }

    /**
     * A correct acquire (compare-and-set), spinning at most {@code timeoutNanos}.
     *
     * @param timeoutNanos how long to spin
     * @return true when acquired
     */
    public boolean tryLock(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!memory.compareAndSetInt(word, FREE, HELD)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** The bug: a plain store, no release. */
    public void unlock() {
        memory.putInt(word, FREE);
    }
}
