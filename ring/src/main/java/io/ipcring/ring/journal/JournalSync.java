package io.ipcring.ring.journal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * When appended records are written from the page cache to the disk ({@code msync}):
 * <ul>
 *   <li>{@code none} (the default): by the kernel, when it likes. Committed records survive any
 *       process crash (they are in the page cache), not a kernel crash or power loss;</li>
 *   <li>{@code periodic:10ms}: a daemon thread of each appending process, {@code ipcring-journal-sync},
 *       started with the process's first appender on the journal and stopped when its last one
 *       closes, msyncs the claimed records of the current and the previous segment (and the
 *       meta) every period; a power loss loses at most about the last period;</li>
 *   <li>{@code always}: {@code commit}/{@code offer} msync the record's pages before they return,
 *       so a record whose commit returned survives power loss.</li>
 * </ul>
 * Every mode msyncs a sealed segment, then the next one's header and then the meta at a roll
 * (except {@code none}), so a reopen after a power cut finds the roll whole. Immutable; stored
 * in the meta file. Text form: {@code none}, {@code always}, {@code periodic:N} with N a number
 * and {@code ms}, {@code s} or {@code us} (or an ISO-8601 duration).
 */
public final class JournalSync {
    /** The modes. */
    public enum Mode {
        /** The kernel writes back when it likes. */
        NONE,
        /** A background msync every period. */
        PERIODIC,
        /** An msync of each record before its commit returns. */
        ALWAYS
    }

    private static final JournalSync NONE = new JournalSync(Mode.NONE, 0);
    private static final JournalSync ALWAYS = new JournalSync(Mode.ALWAYS, 0);

    private final Mode mode;
    private final long periodNanos;

    private JournalSync(Mode mode, long periodNanos) {
        this.mode = mode;
        this.periodNanos = periodNanos;
    }

    /** @return no msync but at rolls: survives process crashes */
    public static JournalSync none() {
        return NONE;
    }

    /** @return an msync per commit: survives power loss */
    public static JournalSync always() {
        return ALWAYS;
    }

    /**
     * @param period time between two background msyncs, from 1 ms to 1 hour
     * @return periodic msync
     */
    public static JournalSync periodic(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("sync period=" + period + " must be in [1 ms, 1 h]");
        }
        return new JournalSync(Mode.PERIODIC, period.toNanos());
    }

    /**
     * @param mode        the mode
     * @param periodNanos the period for {@link Mode#PERIODIC}, ignored otherwise
     * @return the sync
     */
    public static JournalSync of(Mode mode, long periodNanos) {
        switch (Objects.requireNonNull(mode, "mode")) {
            case PERIODIC:
                return periodic(Duration.ofNanos(periodNanos));
            case ALWAYS:
                return ALWAYS;
            default:
                return NONE;
        }
    }

    /**
     * @param text {@code none}, {@code always} or {@code periodic:10ms} ({@code us}, {@code ms},
     *             {@code s}, or an ISO-8601 duration)
     * @return the sync
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static JournalSync parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("none")) {
            return NONE;
        }
        if (text.equals("always")) {
            return ALWAYS;
        }
        if (text.startsWith("periodic:")) {
            String v = text.substring("periodic:".length()).toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return periodic(Duration.parse(v));
                }
                if (v.endsWith("us")) {
                    return periodic(Duration.ofNanos(Math.multiplyExact(Long.parseLong(v.substring(0, v.length() - 2)), 1000L)));
                }
                if (v.endsWith("ms")) {
                    return periodic(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
                }
                if (v.endsWith("s")) {
                    return periodic(Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1))));
                }
            } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("sync=" + text + ": " + e.getMessage()
                        + " (expected none, always or periodic:10ms)", e);
            }
        }
        throw new IllegalArgumentException("sync=" + text + " (expected none, always or periodic:10ms)");
    }

    /** @return the mode */
    public Mode mode() {
        return mode;
    }

    /** @return the background msync's period in ns, 0 unless {@link Mode#PERIODIC} */
    public long periodNanos() {
        return periodNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalSync && ((JournalSync) o).mode == mode && ((JournalSync) o).periodNanos == periodNanos;
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + Long.hashCode(periodNanos);
    }

    /** @return the text form {@link #parse} reads */
    @Override
    public String toString() {
        switch (mode) {
            case PERIODIC:
                return periodNanos % 1_000_000 == 0 ? "periodic:" + periodNanos / 1_000_000 + "ms"
                        : "periodic:" + Duration.ofNanos(periodNanos);
            case ALWAYS:
                return "always";
            default:
                return "none";
        }
    }
}
