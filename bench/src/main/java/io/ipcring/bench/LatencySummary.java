package io.ipcring.bench;

import org.HdrHistogram.Histogram;

/**
 * Round-trip times of one case, in nanoseconds: the percentiles the report shows.
 *
 * @param min  the fastest round trip
 * @param p50  the median
 * @param p90  the 90th percentile
 * @param p99  the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max  the slowest round trip
 */
public record LatencySummary(long min, long p50, long p90, long p99, long p999, long max) {
    /**
     * Validates the order of the percentiles.
     *
     * @param min  fastest
     * @param p50  median
     * @param p90  90th percentile
     * @param p99  99th percentile
     * @param p999 99.9th percentile
     * @param max  slowest
     */
    public LatencySummary {
        if (min < 0 || min > p50 || p50 > p90 || p90 > p99 || p99 > p999 || p999 > max) {
            throw new IllegalArgumentException("percentiles out of order: min=" + min + " p50=" + p50 + " p90=" + p90
                    + " p99=" + p99 + " p999=" + p999 + " max=" + max);
        }
    }

    /**
     * Reads the percentiles of a histogram of nanosecond values.
     *
     * @param histogram at least one recorded value
     * @return the summary
     */
    public static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            throw new IllegalArgumentException("histogram is empty");
        }
        return new LatencySummary(histogram.getMinValue(), histogram.getValueAtPercentile(50.0),
                histogram.getValueAtPercentile(90.0), histogram.getValueAtPercentile(99.0),
                histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    /** @return the values in report order: min, p50, p90, p99, p99.9, max */
    public long[] values() {
        return new long[] {min, p50, p90, p99, p999, max};
    }
}
