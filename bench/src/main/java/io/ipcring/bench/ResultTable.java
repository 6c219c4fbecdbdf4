package io.ipcring.bench;

import java.util.Locale;

/**
 * Formats a {@link BenchReport} as the plain-text table {@code ipcring bench} prints: one row per
 * case with the round-trip percentiles in nanoseconds, the floor probe measured just before the
 * case and the p50's ratio to it, and the one-way throughput. A case without figures shows why.
 */
public final class ResultTable {
    private static final String ROW = "%-18s %-9s %6s %9s %9s %9s %9s %9s %10s %9s %7s %12s %9s";

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
        out.append(String.format(Locale.ROOT, ROW, "transport", "mode", "size", "rtt min", "p50", "p90", "p99",
                "p99.9", "max", "floor p50", "p50/fl", "msgs/s", "MB/s"));
        out.append(cBaseline == null ? "" : String.format(Locale.ROOT, " %9s %6s %12s", "C p50", "p50/C", "C msgs/s"))
                .append(System.lineSeparator());
        for (CaseResult r : report.results()) {
            if (!r.hasFigures()) {
                out.append(String.format(Locale.ROOT, "%-18s %-9s %6d  %s%n", r.transport(), r.mode(), r.size(),
                        firstLine(r.available() ? r.reason() : "not available: " + r.reason())));
                continue;
            }
            LatencySummary l = r.rtt();
            out.append(String.format(Locale.ROOT, ROW, r.transport(), r.mode(), r.size(), l.min(), l.p50(), l.p90(),
                    l.p99(), l.p999(), l.max(), r.floorP50Ns() == null ? "-" : r.floorP50Ns().toString(),
                    ratio(l.p50(), r.floorP50Ns()), String.format(Locale.ROOT, "%,.0f", r.throughputMsgsPerS()),
                    String.format(Locale.ROOT, "%.1f", r.throughputMbPerS())));
            if (cBaseline != null) {
                CBaseline.Figures c = cBaseline.forTransport(r.transport(), r.size()).orElse(new CBaseline.Figures(null, null));
                out.append(String.format(Locale.ROOT, " %9s %6s %12s", c.p50Ns() == null ? "-" : String.format(Locale.ROOT, "%.0f", c.p50Ns()),
                        c.p50Ns() == null ? "-" : String.format(Locale.ROOT, "%.2f", l.p50() / c.p50Ns()),
                        c.throughputMsgs() == null ? "-" : String.format(Locale.ROOT, "%,.0f", c.throughputMsgs())));
            }
            out.append(System.lineSeparator());
        }
        if (cBaseline != null) {
            out.append("# C p50, C msgs/s: the same mechanism driven from C (c-ipc-baseline), imported; p50/C: our p50"
                    + " over it").append(System.lineSeparator());
        }
        out.append("# rtt: round trip in ns measured by the parent; floor p50: a shared-memory spin ping-pong run"
                + " just before the case (compare cases by p50/fl, the host moves vCPUs);")
                .append(System.lineSeparator())
                .append("# msgs/s, MB/s: one-way, counted by the receiving process (MB = 10^6 payload bytes)")
                .append(System.lineSeparator());
        return out.toString();
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
