package io.ipcring.ring.journal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * How much of a journal is kept: everything (the default), the last N segments, the newest
 * segments that fit N bytes, or the segments whose records are younger than a duration. The
 * current segment is always kept, and so is every segment from a live named reader's position
 * on (see {@link Journal#applyRetention()}). Immutable; stored in the journal's meta file.
 *
 * <p>Text form ({@link #parse}, {@link #toString()}): {@code none}, {@code segments:N},
 * {@code bytes:N} (N may end in {@code k}, {@code m} or {@code g}, powers of 1024) or
 * {@code time:D} with D an ISO-8601 duration such as {@code PT1H} or {@code P7D}.
 */
public final class JournalRetention {
    /** What is measured. */
    public enum Measure {
        /** Keep every segment. */
        NONE,
        /** Keep the last {@code amount} segments (the current one counts). */
        SEGMENTS,
        /** Keep the newest segments whose files add up to at most {@code amount} bytes (at least the current one). */
        BYTES,
        /** Keep a segment while its successor became current less than {@code amount} ns ago. */
        TIME
    }

    private static final JournalRetention NONE = new JournalRetention(Measure.NONE, 0);

    private final Measure measure;
    private final long amount;

    private JournalRetention(Measure measure, long amount) {
        this.measure = measure;
        this.amount = amount;
    }

    /** @return keep everything */
    public static JournalRetention none() {
        return NONE;
    }

    /**
     * @param count segments kept, positive
     * @return keep the last {@code count} segments
     */
    public static JournalRetention segments(long count) {
        return of(Measure.SEGMENTS, count);
    }

    /**
     * @param bytes the most bytes of segment files kept, positive (the current segment is kept even if larger)
     * @return keep the newest segments that fit
     */
    public static JournalRetention bytes(long bytes) {
        return of(Measure.BYTES, bytes);
    }

    /**
     * @param age how long a segment is kept after it stopped being current, positive
     * @return keep by age
     */
    public static JournalRetention time(Duration age) {
        Objects.requireNonNull(age, "age");
        long nanos;
        try {
            nanos = age.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("retention time=" + age + " is too long", e);
        }
        return of(Measure.TIME, nanos);
    }

    /**
     * @param measure what is measured
     * @param amount  segments, bytes or nanoseconds; positive (ignored for {@link Measure#NONE})
     * @return the retention
     * @throws IllegalArgumentException when the amount is not positive
     */
    public static JournalRetention of(Measure measure, long amount) {
        Objects.requireNonNull(measure, "measure");
        if (measure == Measure.NONE) {
            return NONE;
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("retention " + measure.name().toLowerCase(Locale.ROOT) + "=" + amount
                    + " must be positive");
        }
        return new JournalRetention(measure, amount);
    }

    /**
     * @param text {@code none}, {@code segments:N}, {@code bytes:N[k|m|g]} or {@code time:ISO-8601-duration}
     * @return the retention
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static JournalRetention parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("none")) {
            return NONE;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        try {
            switch (kind) {
                case "segments":
                    return segments(Long.parseLong(value));
                case "bytes":
                    return bytes(parseBytes(value));
                case "time":
                    return time(Duration.parse(value));
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("retain=" + text + ": " + e.getMessage()
                    + " (expected none, segments:N, bytes:N[k|m|g] or time:PT1H)", e);
        }
        throw new IllegalArgumentException("retain=" + text + " (expected none, segments:N, bytes:N[k|m|g] or time:PT1H)");
    }

    private static long parseBytes(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        int shift = v.endsWith("k") ? 10 : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : 0;
        long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
        return Math.multiplyExact(n, 1L << shift);
    }

    /** @return what is measured */
    public Measure measure() {
        return measure;
    }

    /** @return segments, bytes or nanoseconds; 0 for {@link Measure#NONE} */
    public long amount() {
        return amount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalRetention && ((JournalRetention) o).measure == measure
                && ((JournalRetention) o).amount == amount;
    }

    @Override
    public int hashCode() {
        return measure.hashCode() * 31 + Long.hashCode(amount);
    }

    /** @return the text form {@link #parse} reads */
    @Override
    public String toString() {
        switch (measure) {
            case SEGMENTS:
                return "segments:" + amount;
            case BYTES:
                return "bytes:" + amount;
            case TIME:
                return "time:" + Duration.ofNanos(amount);
            default:
                return "none";
        }
    }
}
