package io.ipcring.ring.unicast;

import io.ipcring.sync.ProcessIdentity;

/**
 * A process packed into one 64-bit word, so that taking ownership of a slot is a single
 * compare-and-set: the pid in the low 32 bits, the low 32 bits of its start time (clock ticks
 * since boot) in the high 32 bits. The start time tells a recycled pid from the original owner.
 * 0 means no owner.
 */
final class OwnerWord {
    private static final long LOW = 0xFFFF_FFFFL;

    private OwnerWord() {
    }

    /** @param identity a process @return its owner word, never 0 */
    static long of(ProcessIdentity identity) {
        return (identity.startTicks() << 32) | (identity.pid() & LOW);
    }

    /** @param word an owner word @return its pid */
    static long pid(long word) {
        return word & LOW;
    }

    /**
     * Whether the owner still runs. Any value (read from shared memory, untrusted) gives an
     * answer: 0 and garbage are dead unless they happen to name a running process.
     *
     * @param word an owner word
     * @return true while that process runs
     */
    static boolean isAlive(long word) {
        long pid = pid(word);
        if (word == 0 || pid == 0) {
            return false;
        }
        ProcessIdentity running = ProcessIdentity.of(pid);
        if (running.startTicks() == 0 || (running.startTicks() & LOW) != word >>> 32) {
            return false;
        }
        return ProcessIdentity.isAlive(pid, running.startTicks());
    }

    /** @param word an owner word @return "pid=N" for messages */
    static String describe(long word) {
        return word == 0 ? "none" : "pid=" + pid(word);
    }
}
