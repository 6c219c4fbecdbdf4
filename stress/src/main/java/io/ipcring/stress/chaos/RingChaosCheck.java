package io.ipcring.stress.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the logs of a ring chaos run against the rings' documented delivery guarantee
 * ({@code io.ipcring.ring.RingConsumer}): exactly once, except that the batch in flight when a
 * consumer dies is delivered again.
 * <ul>
 *   <li>every message a producer logged as committed was delivered;</li>
 *   <li>a message delivered more than once was, every time but the last, delivered in a batch
 *       with no {@code ack} after it (the batch in flight at a consumer kill);</li>
 *   <li>a delivered message missing from its producer's log is the one right after the last
 *       one its (killed) incarnation logged: committed, then killed before the log write;</li>
 *   <li>each producer's messages arrive in the order it committed them;</li>
 *   <li>no payload was damaged (the consumer also exits with an error on one).</li>
 * </ul>
 */
final class RingChaosCheck {
    private static final int SHOWN = 10;

    private RingChaosCheck() {
    }

    /**
     * What the logs show.
     *
     * @param committed       messages logged as committed
     * @param delivered       distinct messages delivered
     * @param redeliveries    deliveries beyond the first
     * @param unackedBatches  batches cut by a consumer kill before their {@code ack}
     * @param unlogged        messages delivered whose commit the producer's kill kept out of its log
     * @param problems        violations of the guarantee, empty when it held
     */
    record Verdict(long committed, long delivered, long redeliveries, long unackedBatches, long unlogged, List<String> problems) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    /**
     * @param dir       the run's work directory
     * @param producers how many producer roles ran
     * @return the verdict
     */
    static Verdict check(Path dir, int producers) {
        List<String> problems = new ArrayList<>();
        Set<String> committed = new HashSet<>();
        Map<String, Long> lastLogged = new HashMap<>();
        for (int p = 0; p < producers; p++) {
            for (String line : ChaosLogs.lines(dir.resolve("committed-" + p + ".log"))) {
                String[] f = line.split(" ");
                committed.add(p + " " + line);
                lastLogged.merge(p + " " + f[0], Long.parseLong(f[1]), Math::max);
            }
        }
        Map<String, Integer> deliveries = new HashMap<>();
        Map<String, Boolean> lastInAckedBatch = new HashMap<>();
        Map<Integer, long[]> lastOrder = new HashMap<>();
        List<String> batch = new ArrayList<>();
        long unacked = 0;
        long redeliveries = 0;
        for (String line : ChaosLogs.lines(dir.resolve("delivered.log"))) {
            if (line.startsWith("start ")) {
                unacked += batch.isEmpty() ? 0 : 1;
                batch.clear();
            } else if (line.equals("ack")) {
                for (String id : batch) {
                    lastInAckedBatch.put(id, true);
                }
                batch.clear();
            } else if (line.startsWith("damaged")) {
                problems.add("the consumer received a damaged message: " + line);
            } else {
                int times = deliveries.merge(line, 1, Integer::sum);
                if (times > 1) {
                    redeliveries++;
                    if (lastInAckedBatch.getOrDefault(line, false)) {
                        problems.add("message " + line + " delivered again after a batch that was acknowledged");
                    }
                } else {
                    checkOrder(line, lastOrder, problems);
                }
                lastInAckedBatch.put(line, false);
                batch.add(line);
            }
        }
        unacked += batch.isEmpty() ? 0 : 1;
        for (String id : committed) {
            if (!deliveries.containsKey(id)) {
                problems.add("message " + id + " was committed (logged) but never delivered");
            }
        }
        long unlogged = 0;
        Set<String> unloggedIncarnations = new HashSet<>();
        for (String id : deliveries.keySet()) {
            if (committed.contains(id)) {
                continue;
            }
            String[] f = id.split(" ");
            String incarnation = f[0] + " " + f[1];
            long expected = lastLogged.getOrDefault(incarnation, -1L) + 1;
            if (Long.parseLong(f[2]) != expected || !unloggedIncarnations.add(incarnation)) {
                problems.add("message " + id + " was delivered but never logged as committed, and is not the one commit"
                        + " a kill can keep out of the log (expected seq " + expected + " of producer incarnation " + incarnation + ")");
            }
            unlogged++;
        }
        if (problems.size() > SHOWN) {
            int more = problems.size() - SHOWN;
            problems = new ArrayList<>(problems.subList(0, SHOWN));
            problems.add("... and " + more + " more");
        }
        return new Verdict(committed.size(), deliveries.size(), redeliveries, unacked, unlogged, List.copyOf(problems));
    }

    /** Each producer's first deliveries must come in its commit order: by incarnation, then seq. */
    private static void checkOrder(String id, Map<Integer, long[]> lastOrder, List<String> problems) {
        String[] f = id.split(" ");
        long[] order = {Long.parseLong(f[1]), Long.parseLong(f[2])};
        long[] previous = lastOrder.put(Integer.parseInt(f[0]), order);
        if (previous != null && (order[0] < previous[0] || order[0] == previous[0] && order[1] <= previous[1])) {
            problems.add("producer " + f[0] + "'s message (incarnation " + f[1] + ", seq " + f[2]
                    + ") arrived after (incarnation " + previous[0] + ", seq " + previous[1] + ")");
        }
    }
}
