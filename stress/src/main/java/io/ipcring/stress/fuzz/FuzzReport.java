package io.ipcring.stress.fuzz;

import java.util.List;
import java.util.Map;

/**
 * What a fuzz run did, per target, and the failures it found (empty when the receivers did
 * exactly what the oracles expect).
 *
 * @param seed          the run's seed
 * @param tallies       per target name, in run order
 * @param failures      one line per failed case, each naming the seed and case that reproduce it
 * @param elapsedMillis wall time
 */
public record FuzzReport(long seed, Map<String, Tally> tallies, List<String> failures, long elapsedMillis) {
    /**
     * One target's totals.
     *
     * @param cases     cases run
     * @param frames    frames or messages delivered and checked
     * @param malformed malformed frames or messages, or ring corruptions, reported as such
     * @param bytes     hostile bytes sent or written
     */
    public record Tally(int cases, long frames, long malformed, long bytes) {
        Tally plus(FuzzTarget.CaseResult r) {
            return new Tally(cases + 1, frames + r.frames(), malformed + r.malformed(), bytes + r.bytes());
        }
    }

    /** @return cases run over all targets */
    public int cases() {
        return tallies.values().stream().mapToInt(Tally::cases).sum();
    }

    /** @return true when no case failed */
    public boolean passed() {
        return failures.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("fuzz seed=" + seed + ": " + cases() + " cases, " + failures.size()
                + " failures, " + elapsedMillis + " ms");
        tallies.forEach((name, t) -> b.append("\n  ").append(name).append(": ").append(t.cases()).append(" cases, ")
                .append(t.frames()).append(" messages delivered, ").append(t.malformed()).append(" malformed or corrupted reported, ")
                .append(t.bytes()).append(" bytes"));
        failures.forEach(f -> b.append("\n  FAILED ").append(f));
        return b.toString();
    }
}
