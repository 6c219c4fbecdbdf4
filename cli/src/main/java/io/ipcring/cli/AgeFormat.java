package io.ipcring.cli;

import java.util.Locale;

/** Short "how long ago" texts for ages measured in nanoseconds. */
final class AgeFormat {
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000 * MILLI;
    private static final long MINUTE = 60 * SECOND;

    private AgeFormat() {
    }

    /**
     * @param nanos an age; below a millisecond (or negative: stamped after it was measured) is "just now"
     * @return "just now", "340 ms ago", "12.5 s ago" or "42 min ago"
     */
    static String ago(long nanos) {
        if (nanos < MILLI) {
            return "just now";
        }
        if (nanos < 10 * SECOND) {
            return nanos / MILLI + " ms ago";
        }
        if (nanos < 10 * MINUTE) {
            return String.format(Locale.ROOT, "%.1f s ago", (double) nanos / SECOND);
        }
        return nanos / MINUTE + " min ago";
    }
}
