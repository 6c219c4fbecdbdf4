package io.ipcring.stress.chaos;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a chaos run did: how many workers it killed and restarted, how many finished, and how long
 * it took. Whether the run's data is right is the checker's business, not the harness's.
 *
 * @param seed          the seed that reproduces the kill schedule
 * @param kills         SIGKILLs sent
 * @param restarts      workers started again after a kill
 * @param finished      workers that exited with status 0
 * @param killsByRole   SIGKILLs per role
 * @param elapsedMillis wall time of the run
 * @param workDir       where the workers wrote their results
 */
public record ChaosReport(long seed, int kills, int restarts, int finished, Map<String, Integer> killsByRole,
                          long elapsedMillis, Path workDir) {
    @Override
    public String toString() {
        return "chaos run seed=" + seed + ": " + kills + " kills " + killsByRole + ", " + restarts
                + " restarts, " + finished + " workers finished, " + elapsedMillis + " ms";
    }
}
