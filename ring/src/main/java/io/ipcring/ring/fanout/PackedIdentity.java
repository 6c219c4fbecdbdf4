package io.ipcring.ring.fanout;

import io.ipcring.sync.ProcessIdentity;

/**
 * A {@link ProcessIdentity} packed into one positive {@code long}, so that taking over a slot
 * (its owner word) and naming its owner happen in one compare-and-set: no window in which a slot
 * is owned but its owner unknown.
 *
 * <pre>
 *   63 62            41 40                                       0
 *  +--+----------------+------------------------------------------+
 *  | 0|  pid (22 bits) |   process start time in clock ticks (41)  |
 *  +--+----------------+------------------------------------------+
 * </pre>
 *
 * <p>Linux pids are below 2^22 ({@code PID_MAX_LIMIT}); 2^41 clock ticks at 100 Hz are about 700
 * years of uptime. Bit 63 stays clear, so owners can use it as a flag. 0 means "no owner".
 */
final class PackedIdentity {
    /** The packed value meaning "no owner". */
    static final long NONE = 0;
    static final int PID_BITS = 22;
    static final int TICKS_BITS = 41;
    static final long TICKS_MASK = (1L << TICKS_BITS) - 1;
    static final long PID_MASK = (1L << PID_BITS) - 1;

    private static final long CURRENT = pack(ProcessIdentity.current());

    private PackedIdentity() {
    }

    /** @return this process, packed */
    static long current() {
        return CURRENT;
    }

    /**
     * @param identity a process identity
     * @return it packed, positive
     * @throws IllegalStateException when the pid or start time does not fit
     */
    static long pack(ProcessIdentity identity) {
        if (identity.pid() <= 0 || identity.pid() > PID_MASK) {
            throw new IllegalStateException("pid=" + identity.pid() + " does not fit in " + PID_BITS + " bits");
        }
        if (identity.startTicks() < 0 || identity.startTicks() > TICKS_MASK) {
            throw new IllegalStateException("startTicks=" + identity.startTicks() + " does not fit in " + TICKS_BITS + " bits");
        }
        return (identity.pid() << TICKS_BITS) | identity.startTicks();
    }

    /**
     * @param packed a packed identity read from shared memory (any value; bit 63 is ignored)
     * @return its pid
     */
    static long pid(long packed) {
        return (packed >>> TICKS_BITS) & PID_MASK;
    }

    /**
     * Whether the process a packed identity names still runs. Any value gives an answer: 0 and
     * values naming no running process are not alive. Bit 63 is ignored.
     *
     * @param packed a packed identity
     * @return true while that process runs
     */
    static boolean isAlive(long packed) {
        long identity = packed & Long.MAX_VALUE;
        if (identity == NONE) {
            return false;
        }
        return ProcessIdentity.isAlive(pid(identity), identity & TICKS_MASK);
    }
}
