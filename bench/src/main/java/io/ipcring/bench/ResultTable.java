package io.ipcring.bench;

import java.util.DoubleSummaryStatistics;
import java.util.Locale;
import java.util.LongSummaryStatistics;

/**
 * Formats a {@link BenchReport} as the plain-text table {@code ipcring bench} prints: one row per
 * case with the round-trip percentiles in nanoseconds, the floor probe measured just before the
 * case and the p50's ratio to it, and the one-way throughput. A case without figures shows why.
 * When the cases ran in several rounds, the figures are the rounds' medians and two more columns
 * give the lowest and highest round's p50 and throughput.
 */
public final class ResultTable {
    private static final String ROW = "%-18s %-9s %6s %8s %9s %9s %9s %9s %9s %10s %9s %7s %12s %9s";
    private static final String ROUND_COLUMNS = " %13s %13s";

    private ResultTable() {
    }

    /**
     * @param report the run
     * @return the table, with a heading naming the machine, ending in a newline
     */
    public static String format(BenchReport report) {
        return format(report, null);
    }

    /**
     * @param report    the run
     * @param cBaseline figures of the C baseline tool, shown as three more columns (its p50, our
     *                  p50's ratio to it, its throughput), or null for none
     * @return the table, with a heading naming the machine, ending in a newline
     */
    public static String format(BenchReport report, CBaseline cBaseline) {
        StringBuilder out = new StringBuilder();
        MachineInfo m = report.machine();
        out.append(String.format(Locale.ROOT, "# %s, %d cores, Java %s, kernel %s, %s%n", m.cpu(), m.cores(), m.java(),
                m.kernel(), m.pinned() ? "parent and child pinned to separate cores"
                        : "NOT pinned (taskset missing, one core, or pinning failed)"));
        int rounds = report.results().stream().mapToInt(r -> r.rounds().size()).max().orElse(0);
        out.append(String.format(Locale.ROOT, ROW, "transport", "mode", "size", "capacity", "rtt min", "p50", "p90", "p99",
                "p99.9", "max", "floor p50", "p50/fl", "msgs/s", "MB/s"));
        out.append(rounds == 0 ? "" : String.format(Locale.ROOT, ROUND_COLUMNS, "p50 range", "M msgs/s rng"));
        out.append(cBaseline == null ? "" : String.format(Locale.ROOT, " %9s %6s %12s", "C p50", "p50/C", "C msgs/s"))
                .append(System.lineSeparator());
        for (CaseResult r : report.results()) {
            if (!r.hasFigures()) {
                out.append(String.format(Locale.ROOT, "%-18s %-9s %6d %8s  %s%n", r.transport(), r.mode(), r.size(),
                        capacity(r.capacityBytes()), firstLine(r.available() ? r.reason() : "not available: " + r.reason())));
                continue;
            }
            LatencySummary l = r.rtt();
            out.append(String.format(Locale.ROOT, ROW, r.transport(), r.mode(), r.size(), capacity(r.capacityBytes()), l.min(), l.p50(), l.p90(),
                    l.p99(), l.p999(), l.max(), r.floorP50Ns() == null ? "-" : r.floorP50Ns().toString(),
                    ratio(l.p50(), r.floorP50Ns()), String.format(Locale.ROOT, "%,.0f", r.throughputMsgsPerS()),
                    String.format(Locale.ROOT, "%.1f", r.throughputMbPerS())));
            if (rounds > 0) {
                out.append(roundColumns(r));
            }
            if (cBaseline != null) {
                CBaseline.Figures c = cBaseline.forTransport(r.transport(), r.size()).orElse(new CBaseline.Figures(null, null));
                out.append(String.format(Locale.ROOT, " %9s %6s %12s", c.p50Ns() == null ? "-" : String.format(Locale.ROOT, "%.0f", c.p50Ns()),
                        c.p50Ns() == null ? "-" : String.format(Locale.ROOT, "%.2f", l.p50() / c.p50Ns()),
                        c.throughputMsgs() == null ? "-" : String.format(Locale.ROOT, "%,.0f", c.throughputMsgs())));
            }
            out.append(System.lineSeparator());
        }
        if (rounds > 0) {
            out.append("# every figure: the median over ").append(rounds).append(" rounds, each case run once per round,"
                    + " in turn; p50 range, M msgs/s rng: the lowest and highest round").append(System.lineSeparator());
        }
        if (cBaseline != null) {
            out.append("# C p50, C msgs/s: the same mechanism driven from C (c-ipc-baseline), imported; p50/C: our p50"
                    + " over it").append(System.lineSeparator());
        }
        out.append("# capacity: each ring's data bytes (--capacity; Aeron: terms of ").append(AeronTransport.TERM_PER_CAPACITY)
                .append(" times it); - for a transport without that knob").append(System.lineSeparator());
        out.append("# rtt: round trip in ns measured by the parent; floor p50: a shared-memory spin ping-pong run"
                + " just before the case (compare cases by p50/fl, the host moves vCPUs);")
                .append(System.lineSeparator())
                .append("# msgs/s, MB/s: one-way, counted by the receiving process (MB = 10^6 payload bytes)")
                .append(System.lineSeparator());
        return out.toString();
    }

    private static String roundColumns(CaseResult r) {
        if (r.rounds().isEmpty()) {
            return String.format(Locale.ROOT, ROUND_COLUMNS, "-", "-");
        }
        LongSummaryStatistics p50 = r.rounds().stream().mapToLong(x -> x.rtt().p50()).summaryStatistics();
        DoubleSummaryStatistics msgs = r.rounds().stream().mapToDouble(CaseResult::throughputMsgsPerS).summaryStatistics();
        return String.format(Locale.ROOT, ROUND_COLUMNS, p50.getMin() + "-" + p50.getMax(),
                String.format(Locale.ROOT, "%.1f-%.1f", msgs.getMin() / 1e6, msgs.getMax() / 1e6));
    }

    /**
     * @param bytes a capacity, or null
     * @return it in KiB ({@code 64k}) or MiB ({@code 1m}) when whole, else in bytes; {@code -} for null
     */
    public static String capacity(Integer bytes) {
        if (bytes == null) {
            return "-";
        }
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        return bytes % (1 << 10) == 0 ? (bytes >> 10) + "k" : bytes.toString();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }

    private static String ratio(long p50, Long floor) {
        if (floor == null || floor <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", (double) p50 / floor);
    }
}
