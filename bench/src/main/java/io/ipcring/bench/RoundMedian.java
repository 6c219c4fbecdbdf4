package io.ipcring.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Combines the rounds of one case into the result a report shows: each figure (every round-trip
 * percentile, the throughput, the floor probe) is the median of that figure over the rounds,
 * taken on its own; the rounds' results stay attached ({@link CaseResult#rounds()}) so their
 * spread can be shown.
 *
 * <p>Why rounds: on a VM the host moves the vCPUs, and two processes' placement decides a
 * shared-memory transport's figures for the whole life of a pair of JVMs (one run of shm-spsc
 * here measured 10.5 M msgs/s, the next 20 M). Running every case several times, in turn, gives
 * each transport fresh placements spread over the same period, and the median of those is what
 * two transports can fairly be compared by.
 *
 * <p>The medians of each percentile keep their order (min &le; p50 &le; ... &le; max), since a
 * median is monotone. With an even number of rounds the median is the mean of the middle two.
 * A case that failed in any round is reported as failed, naming the round; a transport that is
 * not available here is reported once.
 */
public final class RoundMedian {
    private RoundMedian() {
    }

    /**
     * @param rounds one case's results, one per round, in run order; at least one
     * @return the single round's result for one round, otherwise the medians with the rounds
     *         attached, or the first failure
     * @throws IllegalArgumentException when rounds is empty or mixes cases
     */
    public static CaseResult of(List<CaseResult> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        CaseResult first = rounds.get(0);
        for (CaseResult r : rounds) {
            if (!r.transport().equals(first.transport()) || !r.mode().equals(first.mode()) || r.size() != first.size()) {
                throw new IllegalArgumentException("rounds of different cases: " + first.transport() + "/" + first.mode()
                        + "/" + first.size() + " and " + r.transport() + "/" + r.mode() + "/" + r.size());
            }
        }
        if (rounds.size() == 1) {
            return first;
        }
        for (int i = 0; i < rounds.size(); i++) {
            CaseResult r = rounds.get(i);
            if (!r.hasFigures()) {
                String reason = r.available() ? "round " + (i + 1) + " of " + rounds.size() + ": " + r.reason() : r.reason();
                return new CaseResult(r.transport(), r.mode(), r.size(), r.available(), reason, null, null, 0, 0,
                        r.floorP50Ns(), r.pinned(), rounds);
            }
        }
        LatencySummary rtt = new LatencySummary(median(rounds, r -> r.rtt().min()), median(rounds, r -> r.rtt().p50()),
                median(rounds, r -> r.rtt().p90()), median(rounds, r -> r.rtt().p99()),
                median(rounds, r -> r.rtt().p999()), median(rounds, r -> r.rtt().max()));
        boolean floors = rounds.stream().allMatch(r -> r.floorP50Ns() != null);
        return new CaseResult(first.transport(), first.mode(), first.size(), true, null, rtt,
                medianOfDoubles(rounds, CaseResult::throughputMsgsPerS), first.roundTrips(), first.messages(),
                floors ? median(rounds, CaseResult::floorP50Ns) : null,
                rounds.stream().allMatch(CaseResult::pinned), rounds);
    }

    private static long median(List<CaseResult> rounds, ToLongFunction<CaseResult> figure) {
        return Math.round(medianOfDoubles(rounds, r -> figure.applyAsLong(r)));
    }

    private static double medianOfDoubles(List<CaseResult> rounds, ToDoubleFunction<CaseResult> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
