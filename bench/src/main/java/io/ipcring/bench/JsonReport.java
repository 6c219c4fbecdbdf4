package io.ipcring.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link BenchReport} as JSON in the schema of the bench issue:
 *
 * <pre>{@code
 * {"machine": {"cpu": ..., "cores": ..., "java": ..., "kernel": ..., "pinned": true|false},
 *  "results": [{"transport": "shm-spsc", "mode": "busy-spin"|"blocking"|"backoff", "size": 32, "capacity_bytes": 1048576,
 *               "rtt_ns": {"min": ..., "p50": ..., "p90": ..., "p99": ..., "p999": ..., "max": ...},
 *               "throughput_msgs_per_s": ..., "round_trips": ..., "messages": ...,
 *               "floor_p50_ns": ..., "available": true|false, "reason": ...,
 *               "rounds": [{"rtt_ns": {...}, "throughput_msgs_per_s": ..., "floor_p50_ns": ...}, ...]},
 *              ...]}
 * }</pre>
 *
 * <p>{@code floor_p50_ns} (the spin probe run just before the case), {@code available},
 * {@code reason} and {@code capacity_bytes} (the case's ring capacity, {@code --capacity}; null
 * for a transport without that knob) are added to the fields. A result without figures has
 * {@code rtt_ns}, {@code throughput_msgs_per_s} (and {@code floor_p50_ns} when the probe did not
 * run) null, and says why in {@code reason}; {@code reason} is absent from measured results.
 * {@code rounds} is there only when the run had several rounds: each round's own figures, in run
 * order (a round without figures has a {@code reason} instead), and the case's figures above are
 * their medians.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /**
     * @param report the run
     * @return its JSON text, indented, ending in a newline
     */
    public static String toJson(BenchReport report) {
        StringBuilder out = new StringBuilder(256 + 400 * report.results().size());
        MachineInfo m = report.machine();
        out.append("{\n  \"machine\": {\"cpu\": ").append(string(m.cpu()))
                .append(", \"cores\": ").append(m.cores())
                .append(", \"java\": ").append(string(m.java()))
                .append(", \"kernel\": ").append(string(m.kernel()))
                .append(", \"pinned\": ").append(m.pinned()).append("},\n  \"results\": [");
        String separator = "\n";
        for (CaseResult r : report.results()) {
            out.append(separator).append("    {\"transport\": ").append(string(r.transport()))
                    .append(", \"mode\": ").append(string(r.mode()))
                    .append(", \"size\": ").append(r.size())
                    .append(", \"capacity_bytes\": ").append(r.capacityBytes() == null ? "null" : r.capacityBytes().toString())
                    .append(", \"rtt_ns\": ");
            rtt(out, r.rtt());
            out.append(", \"throughput_msgs_per_s\": ").append(number(r.throughputMsgsPerS()))
                    .append(", \"round_trips\": ").append(r.roundTrips())
                    .append(", \"messages\": ").append(r.messages())
                    .append(", \"floor_p50_ns\": ").append(r.floorP50Ns() == null ? "null" : r.floorP50Ns().toString())
                    .append(", \"available\": ").append(r.available());
            if (r.reason() != null) {
                out.append(", \"reason\": ").append(string(r.reason()));
            }
            if (!r.rounds().isEmpty()) {
                out.append(", \"rounds\": [");
                String roundSeparator = "";
                for (CaseResult round : r.rounds()) {
                    out.append(roundSeparator).append("{\"rtt_ns\": ");
                    rtt(out, round.rtt());
                    out.append(", \"throughput_msgs_per_s\": ").append(number(round.throughputMsgsPerS()))
                            .append(", \"floor_p50_ns\": ")
                            .append(round.floorP50Ns() == null ? "null" : round.floorP50Ns().toString());
                    if (round.reason() != null) {
                        out.append(", \"reason\": ").append(string(round.reason()));
                    }
                    out.append('}');
                    roundSeparator = ", ";
                }
                out.append(']');
            }
            out.append('}');
            separator = ",\n";
        }
        out.append(report.results().isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return out.toString();
    }

    /**
     * Writes the report to a file, replacing it.
     *
     * @param report the run
     * @param file   where
     * @throws IOException if the file cannot be written
     */
    public static void write(BenchReport report, Path file) throws IOException {
        Files.writeString(file, toJson(report), StandardCharsets.UTF_8);
    }

    private static void rtt(StringBuilder out, LatencySummary rtt) {
        if (rtt == null) {
            out.append("null");
        } else {
            out.append("{\"min\": ").append(rtt.min()).append(", \"p50\": ").append(rtt.p50())
                    .append(", \"p90\": ").append(rtt.p90()).append(", \"p99\": ").append(rtt.p99())
                    .append(", \"p999\": ").append(rtt.p999()).append(", \"max\": ").append(rtt.max()).append('}');
        }
    }

    private static String number(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
