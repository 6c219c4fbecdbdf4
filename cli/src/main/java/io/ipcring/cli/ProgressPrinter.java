package io.ipcring.cli;

import io.ipcring.bench.CaseResult;
import io.ipcring.bench.ProgressListener;
import io.ipcring.bench.ResultTable;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a bench run's progress on stderr: on a terminal one line per case, rewritten in place as
 * phases advance; otherwise a line when a phase starts or ends, and at most one a second between.
 * For {@code ipcring demo}, which measures round trips only, it leaves out the throughput phases
 * and figure (the demo sends the harness's least, two messages, which time nothing).
 */
final class ProgressPrinter implements ProgressListener {
    private static final long THROTTLE_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final boolean roundTripsOnly;
    private String caseLabel = "";
    private String phase = "";
    private long lastPrint;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, false);
    }

    /**
     * @param out            where to print
     * @param terminal       whether {@code out} is a terminal (rewrite lines in place)
     * @param roundTripsOnly leave out the throughput phases and figure
     */
    ProgressPrinter(PrintStream out, boolean terminal, boolean roundTripsOnly) {
        this.out = out;
        this.terminal = terminal;
        this.roundTripsOnly = roundTripsOnly;
    }

    @Override
    public void roundStarted(int round, int rounds) {
        out.println((terminal ? "\r\033[K" : "") + "round " + round + " of " + rounds);
        out.flush();
    }

    @Override
    public void caseStarted(int index, int total, String transport, int size) {
        caseStarted(index, total, transport, size, null);
    }

    /** Labels the case's lines; with a capacity (a capacity sweep's ring case) that too, as the table writes it. */
    @Override
    public void caseStarted(int index, int total, String transport, int size, Integer capacity) {
        caseLabel = String.format(Locale.ROOT, "[%d/%d] %s %d B", index, total, transport, size)
                + (capacity == null ? "" : " capacity " + ResultTable.capacity(capacity));
        phase = "";
    }

    @Override
    public void progress(String newPhase, long done, long total) {
        if (roundTripsOnly && newPhase.startsWith("throughput")) {
            return;
        }
        boolean changed = !newPhase.equals(phase);
        boolean finished = done >= total;
        long now = System.nanoTime();
        phase = newPhase;
        String line = String.format(Locale.ROOT, "%s: %s %d%% (%,d/%,d)", caseLabel, newPhase,
                total == 0 ? 100 : done * 100 / total, done, total);
        if (terminal) {
            out.print("\r\033[K" + line);
            out.flush();
        } else if (changed || finished || now - lastPrint > THROTTLE_NANOS) {
            out.println(line);
            lastPrint = now;
        }
    }

    @Override
    public void caseFinished(CaseResult result) {
        String outcome;
        if (result.hasFigures() && roundTripsOnly) {
            outcome = String.format(Locale.ROOT, "p50 %,d ns (floor %,d ns)", result.rtt().p50(), result.floorP50Ns());
        } else if (result.hasFigures()) {
            outcome = String.format(Locale.ROOT, "p50 %,d ns (floor %,d ns), %,.0f msgs/s", result.rtt().p50(),
                    result.floorP50Ns(), result.throughputMsgsPerS());
        } else {
            String reason = result.reason();
            int newline = reason.indexOf('\n');
            outcome = (result.available() ? "" : "not available: ") + (newline < 0 ? reason : reason.substring(0, newline));
        }
        out.println((terminal ? "\r\033[K" : "") + caseLabel + ": " + outcome);
        out.flush();
    }
}
