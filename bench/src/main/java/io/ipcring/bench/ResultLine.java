package io.ipcring.bench;

import java.util.List;

/**
 * The line a case's parent process prints on its stdout to hand its {@link CaseResult} to the
 * process running the bench: {@code RESULT key=value ...}.
 */
final class ResultLine {
    /** Every result line starts with this word. */
    static final String PREFIX = "RESULT ";

    private ResultLine() {
    }

    static String encode(CaseResult r) {
        KeyValues kv = KeyValues.create().put("transport", r.transport()).put("mode", r.mode()).put("size", r.size())
                .put("available", r.available()).put("reason", r.reason()).put("roundTrips", r.roundTrips())
                .put("messages", r.messages()).put("floor", r.floorP50Ns()).put("pinned", r.pinned())
                .put("throughput", r.throughputMsgsPerS()).put("capacity", r.capacityBytes());
        LatencySummary l = r.rtt();
        if (l != null) {
            kv.put("min", l.min()).put("p50", l.p50()).put("p90", l.p90()).put("p99", l.p99()).put("p999", l.p999())
                    .put("max", l.max());
        }
        return PREFIX + kv.toLine();
    }

    /**
     * @param line a line starting with {@link #PREFIX}
     * @return the result it carries
     * @throws IllegalArgumentException when the line is not a result line or is incomplete
     */
    static CaseResult decode(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        KeyValues kv = KeyValues.parseLine(line.substring(PREFIX.length()));
        LatencySummary rtt = kv.getOrNull("p50") == null ? null : new LatencySummary(kv.getLong("min"),
                kv.getLong("p50"), kv.getLong("p90"), kv.getLong("p99"), kv.getLong("p999"), kv.getLong("max"));
        String throughput = kv.getOrNull("throughput");
        String floor = kv.getOrNull("floor");
        String capacity = kv.getOrNull("capacity");
        return new CaseResult(kv.get("transport"), kv.get("mode"), kv.getInt("size"),
                Boolean.parseBoolean(kv.get("available")), kv.getOrNull("reason"), rtt,
                throughput == null ? null : Double.valueOf(throughput), kv.getLong("roundTrips"),
                kv.getLong("messages"), floor == null ? null : Long.valueOf(floor),
                Boolean.parseBoolean(kv.get("pinned")), List.of(), capacity == null ? null : Integer.valueOf(capacity));
    }
}
