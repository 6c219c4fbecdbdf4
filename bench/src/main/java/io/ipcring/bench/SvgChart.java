package io.ipcring.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link BenchReport} as one SVG image: on top, every case's round-trip percentiles
 * (min, p50, p90, p99, p99.9, max) as a line on one log-scale plot; below, the one-way throughput
 * of every case as horizontal bars on a log scale, each bar labelled with its value. A label names
 * the size when the run has several, and the ring capacity when it has several (a
 * {@code --capacity-sweep}). Cases without figures are listed under the plots with the reason. Hand-written SVG 1.1, no script, no external
 * resource, so any browser or {@code rsvg-convert} renders it.
 */
public final class SvgChart {
    private static final String[] PERCENTILES = {"min", "p50", "p90", "p99", "p99.9", "max"};
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"};
    private static final int WIDTH = 1100;
    private static final int LEFT = 90;
    private static final int PLOT_WIDTH = 560;
    private static final int LEGEND_X = LEFT + PLOT_WIDTH + 30;
    private static final int TOP = 60;
    private static final int PLOT_HEIGHT = 380;
    private static final int BAR_HEIGHT = 18;
    private static final int BAR_GAP = 6;
    private static final int BAR_LEFT = 260;
    private static final int BAR_WIDTH = 640;

    private SvgChart() {
    }

    /**
     * @param report the run
     * @return the SVG document
     */
    public static String render(BenchReport report) {
        List<CaseResult> measured = new ArrayList<>();
        List<CaseResult> missing = new ArrayList<>();
        for (CaseResult r : report.results()) {
            (r.hasFigures() ? measured : missing).add(r);
        }
        Labels labels = new Labels(measured.stream().map(CaseResult::size).distinct().count() > 1,
                report.results().stream().map(CaseResult::capacityBytes).filter(c -> c != null).distinct().count() > 1);
        int barsTop = TOP + PLOT_HEIGHT + 110;
        int barsHeight = Math.max(1, measured.size()) * (BAR_HEIGHT + BAR_GAP);
        int notesTop = barsTop + barsHeight + 60;
        int height = missing.isEmpty() ? barsTop + barsHeight + 30 : notesTop + 20 * missing.size() + 30;
        StringBuilder svg = new StringBuilder(8192);
        svg.append(String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        MachineInfo m = report.machine();
        text(svg, LEFT, 24, 16, "bold", "start", "ipcring bench: round-trip time between two processes");
        text(svg, LEFT, 42, 11, "normal", "start", m.cpu() + ", " + m.cores() + " cores, Java " + m.java()
                + (m.pinned() ? ", pinned" : ", NOT pinned"));
        latencyPlot(svg, measured, labels);
        throughputBars(svg, measured, labels, barsTop);
        if (!missing.isEmpty()) {
            text(svg, LEFT, notesTop, 13, "bold", "start", "Without figures");
            int y = notesTop;
            for (CaseResult r : missing) {
                y += 20;
                String why = r.available() ? r.reason() : "not available: " + r.reason();
                text(svg, LEFT, y, 11, "normal", "start", r.transport() + " (" + r.size() + " B"
                        + (labels.manyCapacities() && r.capacityBytes() != null ? ", capacity " + ResultTable.capacity(r.capacityBytes()) : "") + "): "
                        + (why.length() > 150 ? why.substring(0, 147) + "..." : why));
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void latencyPlot(StringBuilder svg, List<CaseResult> measured, Labels labels) {
        long lo = Long.MAX_VALUE;
        long hi = 1;
        for (CaseResult r : measured) {
            lo = Math.min(lo, Math.max(1, r.rtt().min()));
            hi = Math.max(hi, r.rtt().max());
        }
        if (measured.isEmpty()) {
            lo = 100;
            hi = 100_000;
        }
        int decadeLo = (int) Math.floor(Math.log10(lo));
        int decadeHi = Math.max(decadeLo + 1, (int) Math.ceil(Math.log10(hi)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#333\"/>%n", LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
        for (int d = decadeLo; d <= decadeHi; d++) {
            for (int k = 1; k < 10; k++) {
                double value = k * Math.pow(10, d);
                if (Math.log10(value) > decadeHi) {
                    break;
                }
                double y = yOf(value, decadeLo, decadeHi);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                        + "stroke=\"%s\" stroke-width=\"1\"/>%n", LEFT, y, LEFT + PLOT_WIDTH, y, k == 1 ? "#bbb" : "#eee"));
                if (k == 1) {
                    text(svg, LEFT - 8, (int) Math.round(y) + 4, 11, "normal", "end", nanos(value));
                }
            }
        }
        double step = (double) PLOT_WIDTH / (PERCENTILES.length - 1 + 1);
        for (int i = 0; i < PERCENTILES.length; i++) {
            double x = LEFT + step * (i + 0.5);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    x, TOP, x, TOP + PLOT_HEIGHT));
            text(svg, (int) Math.round(x), TOP + PLOT_HEIGHT + 18, 12, "normal", "middle", PERCENTILES[i]);
        }
        text(svg, LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT + 38, 12, "normal", "middle",
                "percentile of the round trips (log scale of time)");
        svg.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 20 %d)\">round trip</text>%n", TOP + PLOT_HEIGHT / 2, TOP + PLOT_HEIGHT / 2));
        text(svg, LEGEND_X, TOP - 8, 12, "bold", "start", "transport: p50 (p50 / floor probe)");
        for (int s = 0; s < measured.size(); s++) {
            CaseResult r = measured.get(s);
            String color = COLORS[s % COLORS.length];
            String dash = s >= COLORS.length ? " stroke-dasharray=\"6 3\"" : "";
            StringBuilder points = new StringBuilder();
            long[] values = r.rtt().values();
            for (int i = 0; i < values.length; i++) {
                double x = LEFT + step * (i + 0.5);
                double y = yOf(Math.max(1, values[i]), decadeLo, decadeHi);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, color));
            }
            svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" data-transport=\"%s\" points=\"%s\" "
                    + "fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", escape(r.transport()), points.toString().trim(),
                    color, dash));
            int ly = TOP + 12 + s * 20;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"%s/>%n", LEGEND_X, ly - 4, LEGEND_X + 24, ly - 4, color, dash));
            String ratio = r.floorP50Ns() == null || r.floorP50Ns() <= 0 ? ""
                    : String.format(Locale.ROOT, " (%.2f x)", (double) r.rtt().p50() / r.floorP50Ns());
            text(svg, LEGEND_X + 30, ly, 12, "normal", "start", labels.of(r) + ": " + nanos(r.rtt().p50()) + ratio);
        }
    }

    private static void throughputBars(StringBuilder svg, List<CaseResult> measured, Labels labels, int top) {
        text(svg, LEFT, top - 40, 16, "bold", "start", "One-way throughput, counted by the receiver (log scale)");
        double lo = Double.MAX_VALUE;
        double hi = 1;
        for (CaseResult r : measured) {
            lo = Math.min(lo, Math.max(1, r.throughputMsgsPerS()));
            hi = Math.max(hi, r.throughputMsgsPerS());
        }
        if (measured.isEmpty()) {
            lo = 1_000;
            hi = 10_000_000;
        }
        int decadeLo = (int) Math.floor(Math.log10(lo)) - 1;
        int decadeHi = Math.max(decadeLo + 1, (int) Math.ceil(Math.log10(hi)));
        int height = Math.max(1, measured.size()) * (BAR_HEIGHT + BAR_GAP);
        for (int d = decadeLo; d <= decadeHi; d++) {
            double x = BAR_LEFT + BAR_WIDTH * (double) (d - decadeLo) / (decadeHi - decadeLo);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>%n",
                    x, top - 6, x, top + height));
            text(svg, (int) Math.round(x), top - 10, 11, "normal", "middle", count(Math.pow(10, d)) + "/s");
        }
        for (int s = 0; s < measured.size(); s++) {
            CaseResult r = measured.get(s);
            double value = Math.max(1, r.throughputMsgsPerS());
            double w = BAR_WIDTH * (Math.log10(value) - decadeLo) / (decadeHi - decadeLo);
            int y = top + s * (BAR_HEIGHT + BAR_GAP);
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-transport=\"%s\" x=\"%d\" y=\"%d\" "
                    + "width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", escape(r.transport()), BAR_LEFT, y, Math.max(1, w),
                    BAR_HEIGHT, COLORS[s % COLORS.length]));
            text(svg, BAR_LEFT - 8, y + BAR_HEIGHT - 5, 12, "normal", "end", labels.of(r));
            text(svg, BAR_LEFT + (int) Math.round(w) + 6, y + BAR_HEIGHT - 5, 11, "normal", "start",
                    String.format(Locale.ROOT, "%,.0f msgs/s, %.1f MB/s", r.throughputMsgsPerS(), r.throughputMbPerS()));
        }
    }

    private static double yOf(double value, int decadeLo, int decadeHi) {
        double f = (Math.log10(value) - decadeLo) / (decadeHi - decadeLo);
        return TOP + PLOT_HEIGHT * (1 - f);
    }

    /** What a case's label names besides its transport: the size and the capacity, each where the run has several. */
    private record Labels(boolean manySizes, boolean manyCapacities) {
        String of(CaseResult r) {
            String label = manySizes ? r.transport() + " " + r.size() + " B" : r.transport();
            return manyCapacities && r.capacityBytes() != null ? label + " capacity " + ResultTable.capacity(r.capacityBytes()) : label;
        }
    }

    static String nanos(double ns) {
        if (ns >= 1e9) {
            return trim(ns / 1e9) + " s";
        }
        if (ns >= 1e6) {
            return trim(ns / 1e6) + " ms";
        }
        if (ns >= 1e3) {
            return trim(ns / 1e3) + " µs";
        }
        return trim(ns) + " ns";
    }

    private static String count(double v) {
        if (v >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void text(StringBuilder svg, int x, int y, int size, String weight, String anchor, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" "
                + "text-anchor=\"%s\">%s</text>%n", x, y, size, weight, anchor, escape(text)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
