package io.ipcring.ring.fanout;

import io.ipcring.sync.Deadline;
import io.ipcring.sync.MappedMemory;
import java.nio.file.Path;

/**
 * A lock in one shared word that survives the death of its holder: the word holds the holder's
 * packed identity ({@link PackedIdentity}), 0 when free; a process that finds it held by a dead
 * process takes it over. For rare, short critical sections (attaching a subscriber, repairing a
 * dead producer's claim). Not reentrant; threads of one process exclude each other too.
 */
final class RobustLock {
    private final MappedMemory memory;
    private final Path file;
    private final int offset;
    private final String name;

    /**
     * @param memory the mapping
     * @param file   the file, for messages
     * @param offset the lock word, 8-byte aligned
     * @param name   what the lock guards, for messages
     */
    RobustLock(MappedMemory memory, Path file, int offset, String name) {
        this.memory = memory;
        this.file = file;
        this.offset = offset;
        this.name = name;
    }

    /**
     * Takes the lock if it is free or its holder is dead; never waits.
     *
     * @return true when this thread now holds the lock
     */
    boolean tryLock() {
        // volatile: pairs with unlock()'s release store and the compare-and-set of other takers
        long holder = memory.getLongVolatile(offset);
        if (holder == PackedIdentity.NONE) {
            // CAS: pairs with other takers; the winner holds the lock
            return memory.compareAndSetLong(offset, holder, PackedIdentity.current());
        }
        // a holder that died inside its critical section: take the lock over
        return !PackedIdentity.isAlive(holder) && memory.compareAndSetLong(offset, holder, PackedIdentity.current());
    }

    /**
     * Takes the lock, waiting while a live process holds it.
     *
     * @param timeoutNanos the longest wait
     * @throws IllegalStateException when a live process held it for the whole timeout
     */
    void lock(long timeoutNanos) {
        long started = System.nanoTime();
        long lastLivenessCheck = started;
        for (int attempt = 0; ; attempt++) {
            long holder = memory.getLongVolatile(offset);
            if (holder == PackedIdentity.NONE && memory.compareAndSetLong(offset, holder, PackedIdentity.current())) {
                return;
            }
            long now = System.nanoTime();
            if (holder != PackedIdentity.NONE && now - lastLivenessCheck >= FanoutIdle.LIVENESS_CHECK_INTERVAL_NANOS) {
                lastLivenessCheck = now;
                if (!PackedIdentity.isAlive(holder) && memory.compareAndSetLong(offset, holder, PackedIdentity.current())) {
                    return;
                }
            }
            if (now - started > timeoutNanos) {
                throw new IllegalStateException(file + ": the " + name + " lock has been held by pid="
                        + PackedIdentity.pid(holder) + " for more than " + timeoutNanos / 1_000_000 + " ms");
            }
            Deadline.backoff(attempt);
        }
    }

    /** Gives the lock back; only its holder may call this. */
    void unlock() {
        // release: pairs with the next taker's volatile read and compare-and-set: everything
        // written in the critical section is visible to it
        memory.putLongRelease(offset, PackedIdentity.NONE);
    }
}
