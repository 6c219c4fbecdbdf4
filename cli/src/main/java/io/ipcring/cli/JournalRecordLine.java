package io.ipcring.cli;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;

/** One journal record as {@code tail} and {@code dump} print it: sequence, ISO time, type, length, payload. */
final class JournalRecordLine {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private JournalRecordLine() {
    }

    /**
     * @param sequence  the record's sequence
     * @param timestamp its append time, epoch nanoseconds
     * @param type      its type
     * @param buffer    holds the payload (absolute indexes)
     * @param offset    the payload's first byte
     * @param length    the payload length
     * @param hex       payload in hex even when printable
     * @return {@code seq=N time=ISO-8601 type=T length=L payload}
     */
    static String format(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length, boolean hex) {
        Instant time = Instant.ofEpochSecond(Math.floorDiv(timestamp, NANOS_PER_SECOND), Math.floorMod(timestamp, NANOS_PER_SECOND));
        return String.format(Locale.ROOT, "seq=%d time=%s type=%d length=%d %s", sequence, time, type, length,
                PayloadFormat.format(buffer, offset, length, hex));
    }
}
