package io.ipcring.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Figures of the C floor of each IPC mechanism, imported from the output of the project's C
 * baseline tool ({@code ipcbase}, or the report its {@code run.sh} writes), to print beside the
 * Java figures: the target is each legacy transport within 1.5x of its mechanism in C.
 * Each row of that tool is {@code mechanism size n min p50 p90 p99 p99.9 max tput tput_n xcore bg%};
 * with several runs in one file the median of each figure is taken.
 */
public final class CBaseline {
    /** Our transport names and the C tool's mechanism names for the same mechanism. */
    private static final Map<String, String> MECHANISMS = Map.of(
            "spin-baseline", "shm-spin",
            "shm-spsc-blocking", "futex-hybrid",
            "pipe", "pipe",
            "fifo", "fifo",
            "posix-mq", "posix-mq",
            "sysv-mq", "sysv-msg",
            "unix", "unix-stream",
            "tcp", "tcp-loopback");

    /**
     * The C figures of one mechanism and size.
     *
     * @param p50Ns          median round trip in ns, or null when the tool had none
     * @param throughputMsgs one-way messages per second, or null
     */
    public record Figures(Double p50Ns, Double throughputMsgs) {
    }

    private final Map<String, Figures> figures;

    private CBaseline(Map<String, Figures> figures) {
        this.figures = figures;
    }

    /**
     * @param file the tool's output or report
     * @return the figures found
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when it holds no row of the tool
     */
    public static CBaseline read(Path file) throws IOException {
        CBaseline baseline = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        if (baseline.figures.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no row of the C baseline tool (mechanism size n min p50 ...)");
        }
        return baseline;
    }

    static CBaseline parse(List<String> lines) {
        Map<String, List<Double>> p50s = new HashMap<>();
        Map<String, List<Double>> throughputs = new HashMap<>();
        for (String line : lines) {
            String[] w = line.trim().split("\\s+");
            if (w.length < 13 || !MECHANISMS.containsValue(w[0])) {
                continue;
            }
            String key = w[0] + " " + w[1];
            number(w[4]).ifPresent(v -> p50s.computeIfAbsent(key, k -> new ArrayList<>()).add(v));
            number(w[9]).ifPresent(v -> throughputs.computeIfAbsent(key, k -> new ArrayList<>()).add(v));
        }
        Map<String, Figures> figures = new HashMap<>();
        for (String key : union(p50s, throughputs)) {
            figures.put(key, new Figures(median(p50s.get(key)), median(throughputs.get(key))));
        }
        return new CBaseline(figures);
    }

    /**
     * @param transport our transport's name
     * @param size      payload bytes
     * @return the C figures of the same mechanism and size, if the file had them
     */
    public Optional<Figures> forTransport(String transport, int size) {
        String mechanism = MECHANISMS.get(transport);
        return mechanism == null ? Optional.empty() : Optional.ofNullable(figures.get(mechanism + " " + size));
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static Optional<Double> number(String word) {
        try {
            double v = Double.parseDouble(word);
            return v > 0 ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
