package io.ipcring.ring.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a reader starts: the first record, the end, the first record at or after a sequence, or
 * the first record at or after a time.
 */
public final class JournalStart {
    /** The kinds of start. */
    enum Kind { FIRST, END, SEQUENCE, TIME }

    private static final JournalStart FIRST = new JournalStart(Kind.FIRST, 0);
    private static final JournalStart END = new JournalStart(Kind.END, 0);

    private final Kind kind;
    private final long value;

    private JournalStart(Kind kind, long value) {
        this.kind = kind;
        this.value = value;
    }

    /** @return the start at the journal's first record */
    public static JournalStart first() {
        return FIRST;
    }

    /** @return the start after the last record claimed when the reader opens */
    public static JournalStart end() {
        return END;
    }

    /**
     * @param sequence a sequence number, not negative
     * @return the start at the first record whose sequence is at least {@code sequence}
     */
    public static JournalStart sequence(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence=" + sequence + " must not be negative");
        }
        return new JournalStart(Kind.SEQUENCE, sequence);
    }

    /**
     * @param time a time
     * @return the start at the first record, in sequence order, appended at or after
     *         {@code time} (see {@link JournalReader} on appenders' clocks)
     */
    public static JournalStart time(Instant time) {
        Objects.requireNonNull(time, "time");
        return new JournalStart(Kind.TIME, Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L),
                time.getNano()));
    }

    Kind kind() {
        return kind;
    }

    /** @return the sequence, or the time in epoch nanoseconds */
    long value() {
        return value;
    }

    @Override
    public String toString() {
        return kind == Kind.FIRST ? "first" : kind == Kind.END ? "end" : kind.name().toLowerCase() + ":" + value;
    }
}
