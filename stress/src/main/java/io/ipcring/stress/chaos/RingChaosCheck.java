package io.ipcring.stress.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the logs of a ring chaos run against the rings' documented delivery guarantees:
 * exactly once, except for what was in flight at a consumer that died. For SPSC and MPSC rings
 * ({@code io.ipcring.ring.RingConsumer}) that is the batch being handled, which a restarted
 * consumer delivers again; for a work queue ({@code io.ipcring.ring.fanout.WorkQueueRing}) it is the one
 * message the dead consumer was handling, which another consumer delivers again.
 * <ul>
 *   <li>every message a producer logged as committed was delivered;</li>
 *   <li>a message delivered {@code n} times was in flight at a killed consumer at least
 *       {@code n - 1} of them: in a batch with no {@code ack} after it before the consumer's next
 *       {@code start} (SPSC, MPSC), or the last message a consumer incarnation logged before the
 *       next {@code start} (work queue) — whichever consumer delivered it again;</li>
 *   <li>a delivered message missing from its producer's log is the one right after the last
 *       one its (killed) incarnation logged: committed, then killed before the log write;</li>
 *   <li>with one consumer, each producer's messages arrive in the order it committed them;</li>
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
     * @param committed     messages logged as committed
     * @param delivered     distinct messages delivered
     * @param redeliveries  deliveries beyond the first
     * @param inFlight      batches (SPSC, MPSC) or messages (work queue) in flight at a consumer kill
     * @param unlogged      messages delivered whose commit the producer's kill kept out of its log
     * @param problems      violations of the guarantee, empty when it held
     */
    record Verdict(long committed, long delivered, long redeliveries, long inFlight, long unlogged, List<String> problems) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    /**
     * @param dir        the run's work directory
     * @param producers  how many producer roles ran
     * @param consumers  how many consumer roles ran
     * @param byBatch    true when a poll batch is acknowledged as a whole (SPSC, MPSC), false when
     *                   each message is (work queue)
     * @return the verdict
     */
    static Verdict check(Path dir, int producers, int consumers, boolean byBatch) {
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
        Map<String, Integer> inFlightDeliveries = new HashMap<>();
        long inFlight = 0;
        for (int c = 0; c < consumers; c++) {
            Map<Integer, long[]> lastOrder = new HashMap<>();
            List<String> batch = new ArrayList<>();
            String lastOfIncarnation = null;
            for (String line : ChaosLogs.lines(dir.resolve("delivered-" + c + ".log"))) {
                if (line.startsWith("start ") || line.equals("exit")) {
                    if (line.startsWith("start ")) {
                        // what was in flight when the previous incarnation was killed: its batch not
                        // followed by "ack" (SPSC, MPSC), or its last message (work queue)
                        List<String> cut = byBatch ? batch : lastOfIncarnation == null ? List.of() : List.of(lastOfIncarnation);
                        inFlight += cut.isEmpty() ? 0 : byBatch ? 1 : cut.size();
                        for (String id : cut) {
                            inFlightDeliveries.merge(id, 1, Integer::sum);
                        }
                    }
                    batch.clear();
                    lastOfIncarnation = null;
                } else if (line.equals("ack")) {
                    batch.clear();
                } else if (line.startsWith("damaged")) {
                    problems.add("consumer " + c + " received a damaged message: " + line);
                } else {
                    if (deliveries.merge(line, 1, Integer::sum) == 1 && consumers == 1) {
                        checkOrder(line, lastOrder, problems);
                    }
                    batch.add(line);
                    lastOfIncarnation = line;
                }
            }
        }
        long redeliveries = 0;
        for (Map.Entry<String, Integer> d : deliveries.entrySet()) {
            int extra = d.getValue() - 1;
            redeliveries += extra;
            int justified = inFlightDeliveries.getOrDefault(d.getKey(), 0);
            if (extra > justified) {
                problems.add("message " + d.getKey() + " delivered " + d.getValue() + " times, but only " + justified
                        + " of those deliveries were in flight at a consumer kill");
            }
        }
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
        return new Verdict(committed.size(), deliveries.size(), redeliveries, inFlight, unlogged, List.copyOf(problems));
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
