package io.ipcring.ring.journal;

/**
 * The append clock: epoch nanoseconds from {@link System#nanoTime()} anchored once to the wall
 * clock, so it never goes back within a process and allocates nothing. Processes anchor
 * separately, so their clocks may differ by the wall clock's resolution and later adjustments.
 */
final class EpochNanos {
    private static final long BASE = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private EpochNanos() {
    }

    /** @return now, epoch nanoseconds */
    static long now() {
        return BASE + System.nanoTime();
    }
}
