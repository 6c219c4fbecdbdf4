package io.ipcring.ring.journal;

import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.WaitStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a journal is laid out and how this process waits on it; immutable,
 * {@code JournalOptions.defaults().rollBytes(1 << 20)...}. Everything but the wait strategy is
 * stored in the journal's meta file when it is created, and a reopen with other values fails
 * naming each difference. (Retention and sync are stored too: {@link #retention}, {@link #sync}.)
 */
public final class JournalOptions {
    /** The smallest segment capacity. */
    public static final int MIN_ROLL_BYTES = 64 * 1024;
    /** The largest segment capacity. */
    public static final int MAX_ROLL_BYTES = 1 << 30;

    private final int rollBytes;
    private final RollPeriod rollPeriod;
    private final int maxMessageLength;
    private final int appenderSlots;
    private final int indexInterval;
    private final WaitStrategy waitStrategy;
    private final long stuckClaimTimeoutNanos;
    private final JournalRetention retention;
    private final JournalSync sync;

    private JournalOptions(int rollBytes, RollPeriod rollPeriod, int maxMessageLength, int appenderSlots,
                           int indexInterval, WaitStrategy waitStrategy, long stuckClaimTimeoutNanos,
                           JournalRetention retention, JournalSync sync) {
        this.rollBytes = rollBytes;
        this.rollPeriod = rollPeriod;
        this.maxMessageLength = maxMessageLength;
        this.appenderSlots = appenderSlots;
        this.indexInterval = indexInterval;
        this.waitStrategy = waitStrategy;
        this.stuckClaimTimeoutNanos = stuckClaimTimeoutNanos;
        this.retention = retention;
        this.sync = sync;
    }

    /** @return 64 MiB segments, no time roll, 64 KiB messages, 16 appender slots, an index entry per 64 records, blocking waits */
    public static JournalOptions defaults() {
        return new JournalOptions(64 << 20, RollPeriod.NONE, 64 * 1024, 16, 64, WaitStrategy.BLOCKING, 0,
                JournalRetention.none(), JournalSync.none());
    }

    /**
     * @param bytes record space per segment, in [{@link #MIN_ROLL_BYTES}, {@link #MAX_ROLL_BYTES}],
     *              a multiple of 4096, at least 4 x the max message's record
     * @return options with it
     */
    public JournalOptions rollBytes(int bytes) {
        return new JournalOptions(bytes, rollPeriod, maxMessageLength, appenderSlots, indexInterval,
                waitStrategy, stuckClaimTimeoutNanos, retention, sync);
    }

    /**
     * @param period the time roll
     * @return options with it
     */
    public JournalOptions rollPeriod(RollPeriod period) {
        return new JournalOptions(rollBytes, Objects.requireNonNull(period, "period"), maxMessageLength, appenderSlots,
                indexInterval,
                waitStrategy, stuckClaimTimeoutNanos, retention, sync);
    }

    /**
     * @param length the largest payload, positive, its record at most a quarter of rollBytes
     * @return options with it
     */
    public JournalOptions maxMessageLength(int length) {
        return new JournalOptions(rollBytes, rollPeriod, length, appenderSlots, indexInterval,
                waitStrategy, stuckClaimTimeoutNanos, retention, sync);
    }

    /**
     * @param slots appenders attached at once, in [1, {@link RingGeometry#MAX_SLOTS}]
     * @return options with it
     */
    public JournalOptions appenderSlots(int slots) {
        return new JournalOptions(rollBytes, rollPeriod, maxMessageLength, slots, indexInterval,
                waitStrategy, stuckClaimTimeoutNanos, retention, sync);
    }

    /**
     * @param records records per sparse index entry, in [1, 65536]
     * @return options with it
     */
    public JournalOptions indexInterval(int records) {
        return new JournalOptions(rollBytes, rollPeriod, maxMessageLength, appenderSlots, records,
                waitStrategy, stuckClaimTimeoutNanos, retention, sync);
    }

    /**
     * @param strategy how this process's readers wait
     * @return options with it
     */
    public JournalOptions waitStrategy(WaitStrategy strategy) {
        return new JournalOptions(rollBytes, rollPeriod, maxMessageLength, appenderSlots, indexInterval,
                Objects.requireNonNull(strategy, "strategy"), stuckClaimTimeoutNanos, retention, sync);
    }

    /**
     * A claim left uncommitted this long by a live appender (a thread stuck or gone without
     * closing its appender) is repaired to padding by a reader, like a dead appender's; its
     * commit or abort then throws {@link io.ipcring.ring.ClaimRepairedException}. With a
     * timeout, commits are a compare-and-set instead of a release store.
     *
     * @param timeout the timeout, 0 for none (the default: only dead appenders' claims are repaired)
     * @param unit    its unit
     * @return options with it
     */
    public JournalOptions stuckClaimTimeout(long timeout, java.util.concurrent.TimeUnit unit) {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout=" + timeout + " must not be negative");
        }
        return new JournalOptions(rollBytes, rollPeriod, maxMessageLength, appenderSlots, indexInterval, waitStrategy,
                unit.toNanos(timeout), retention, sync);
    }

    /**
     * @param retain how much of the journal is kept (default {@link JournalRetention#none()})
     * @return options with it
     */
    public JournalOptions retention(JournalRetention retain) {
        return new JournalOptions(rollBytes, rollPeriod, maxMessageLength, appenderSlots, indexInterval, waitStrategy,
                stuckClaimTimeoutNanos, Objects.requireNonNull(retain, "retain"), sync);
    }

    /**
     * @param mode when appended records are msynced (default {@link JournalSync#none()})
     * @return options with it
     */
    public JournalOptions sync(JournalSync mode) {
        return new JournalOptions(rollBytes, rollPeriod, maxMessageLength, appenderSlots, indexInterval, waitStrategy,
                stuckClaimTimeoutNanos, retention, Objects.requireNonNull(mode, "mode"));
    }

    /** @return how much of the journal is kept */
    public JournalRetention retention() {
        return retention;
    }

    /** @return when appended records are msynced */
    public JournalSync sync() {
        return sync;
    }

    /** @return the stuck-claim timeout in nanoseconds, 0 for none */
    public long stuckClaimTimeoutNanos() {
        return stuckClaimTimeoutNanos;
    }

    /** @return record space per segment */
    public int rollBytes() {
        return rollBytes;
    }

    /** @return the time roll */
    public RollPeriod rollPeriod() {
        return rollPeriod;
    }

    /** @return the largest payload */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** @return appender slots */
    public int appenderSlots() {
        return appenderSlots;
    }

    /** @return records per index entry */
    public int indexInterval() {
        return indexInterval;
    }

    /** @return how readers wait */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /**
     * Checks the values together.
     *
     * @throws IllegalArgumentException naming each value out of range
     */
    void validate() {
        List<String> problems = new ArrayList<>();
        if (rollBytes < MIN_ROLL_BYTES || rollBytes > MAX_ROLL_BYTES || rollBytes % RingGeometry.PAGE_LENGTH != 0) {
            problems.add("rollBytes=" + rollBytes + " must be a multiple of 4096 in [" + MIN_ROLL_BYTES + ", "
                    + MAX_ROLL_BYTES + "]");
        }
        if (maxMessageLength < 1 || (long) SegmentDescriptor.recordLength(maxMessageLength) * 4 > rollBytes) {
            problems.add("maxMessageLength=" + maxMessageLength + " must be positive and its record at most a quarter"
                    + " of rollBytes=" + rollBytes);
        }
        if (appenderSlots < 1 || appenderSlots > RingGeometry.MAX_SLOTS) {
            problems.add("appenderSlots=" + appenderSlots + " must be in [1, " + RingGeometry.MAX_SLOTS + "]");
        }
        if (indexInterval < 1 || indexInterval > 65536) {
            problems.add("indexInterval=" + indexInterval + " must be in [1, 65536]");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * @param stored the options a journal's meta file holds
     * @return each stored value that differs from this one's, as {@code name=this (journal has that)}
     */
    List<String> differences(JournalOptions stored) {
        List<String> d = new ArrayList<>();
        if (rollBytes != stored.rollBytes) {
            d.add("rollBytes=" + rollBytes + " (journal has " + stored.rollBytes + ")");
        }
        if (rollPeriod != stored.rollPeriod) {
            d.add("rollPeriod=" + rollPeriod + " (journal has " + stored.rollPeriod + ")");
        }
        if (maxMessageLength != stored.maxMessageLength) {
            d.add("maxMessageLength=" + maxMessageLength + " (journal has " + stored.maxMessageLength + ")");
        }
        if (appenderSlots != stored.appenderSlots) {
            d.add("appenderSlots=" + appenderSlots + " (journal has " + stored.appenderSlots + ")");
        }
        if (indexInterval != stored.indexInterval) {
            d.add("indexInterval=" + indexInterval + " (journal has " + stored.indexInterval + ")");
        }
        if (stuckClaimTimeoutNanos != stored.stuckClaimTimeoutNanos) {
            d.add("stuckClaimTimeoutNanos=" + stuckClaimTimeoutNanos + " (journal has " + stored.stuckClaimTimeoutNanos + ")");
        }
        if (!retention.equals(stored.retention)) {
            d.add("retain=" + retention + " (journal has " + stored.retention + ")");
        }
        if (!sync.equals(stored.sync)) {
            d.add("sync=" + sync + " (journal has " + stored.sync + ")");
        }
        return d;
    }

    @Override
    public String toString() {
        return "rollBytes=" + rollBytes + " rollPeriod=" + rollPeriod + " maxMessageLength=" + maxMessageLength
                + " appenderSlots=" + appenderSlots + " indexInterval=" + indexInterval + " waitStrategy=" + waitStrategy
                + " stuckClaimTimeoutNanos=" + stuckClaimTimeoutNanos + " retain=" + retention + " sync=" + sync;
    }
}
