package io.ipcring.ring.journal;

/** When a journal starts a new segment by time, whatever its size (UTC boundaries). */
public enum RollPeriod {
    /** By size only. */
    NONE(0L),
    /** At every full hour. */
    HOURLY(3_600_000_000_000L),
    /** At every midnight, UTC. */
    DAILY(86_400_000_000_000L);

    private final long nanos;

    RollPeriod(long nanos) {
        this.nanos = nanos;
    }

    /**
     * @param epochNanos a time, epoch nanoseconds
     * @return the end of the period holding it (the next boundary), or {@link Long#MAX_VALUE}
     *         for {@link #NONE}
     */
    public long periodEnd(long epochNanos) {
        if (nanos == 0) {
            return Long.MAX_VALUE;
        }
        return Math.floorDiv(epochNanos, nanos) * nanos + nanos;
    }
}
