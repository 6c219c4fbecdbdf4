package io.ipcring.cli;

import io.ipcring.bench.BenchReport;
import io.ipcring.bench.CaseResult;
import io.ipcring.bench.LatencySummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The one table {@code ipcring demo} ends with: every transport's round-trip p50, p90 and p99 in
 * microseconds, sorted by p50 (fastest first), the spin floor among them as {@value #FLOOR_LABEL},
 * and each p50 over the floor probe the bench ran just before that transport. A transport stopped
 * at the time box after some timed round trips is among them, its percentiles those of the round
 * trips it completed, marked {@code time-boxed: N round trips}. Transports without figures (not
 * available here, or failed) follow, in run order, with the reason. The figures are the report's
 * as measured; nothing is dropped or adjusted.
 */
final class DemoTable {
    /** How the floor's row names it. */
    static final String FLOOR_LABEL = "spin floor";
    private static final String ROW = "%-18s %-9s %9s %9s %9s %8s%n";

    private DemoTable() {
    }

    /**
     * @param report the measurement, the floor ({@link DemoCommand#FLOOR}) among its cases
     * @return the table with its notes, ending in a newline
     */
    static String format(BenchReport report) {
        List<CaseResult> measured = new ArrayList<>();
        List<CaseResult> without = new ArrayList<>();
        for (CaseResult r : report.results()) {
            (r.hasRoundTrips() ? measured : without).add(r);
        }
        measured.sort(Comparator.comparingLong((CaseResult r) -> r.rtt().p50()).thenComparing(CaseResult::transport));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, ROW, "transport", "mode", "p50 µs", "p90 µs", "p99 µs", "x floor"));
        for (CaseResult r : measured) {
            LatencySummary l = r.rtt();
            String row = String.format(Locale.ROOT, ROW, label(r), r.mode(), micros(l.p50()), micros(l.p90()),
                    micros(l.p99()), ratio(l.p50(), r.floorP50Ns()));
            // a time-boxed row: its reason, "time-boxed: N round trips", after the figures
            out.append(r.hasFigures() ? row : row.stripTrailing() + "  " + r.reason() + System.lineSeparator());
        }
        for (CaseResult r : without) {
            out.append(String.format(Locale.ROOT, "%-18s %-9s %s%n", label(r), r.mode(),
                    firstLine(r.available() ? r.reason() : "not available: " + r.reason())));
        }
        long roundTrips = measured.stream().mapToLong(CaseResult::roundTrips).max().orElse(0);
        out.append(String.format(Locale.ROOT, "# round trips of %d-byte messages between two processes, timed after each"
                + " transport's warm-up (up to %,d per transport); sorted by p50%n", DemoCommand.SIZE, roundTrips));
        out.append("# " + FLOOR_LABEL + ": the two processes spin on one shared cache line, no ring, no system call: the least"
                + " a round trip costs here;").append(System.lineSeparator());
        out.append("# x floor: p50 over the floor measured just before that transport (the host moves vCPUs, the floor with"
                + " them)").append(System.lineSeparator());
        out.append(report.machine().pinned() ? "# the two processes were pinned to separate cores"
                : "# NOT pinned: the two processes shared the cores with everything else").append(System.lineSeparator());
        return out.toString();
    }

    private static String label(CaseResult r) {
        return r.transport().equals(DemoCommand.FLOOR) ? FLOOR_LABEL : r.transport();
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e3);
    }

    private static String ratio(long p50, Long floor) {
        return floor == null || floor <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) p50 / floor);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }
}
