package io.ipcring.stress.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * A chaos worker for the harness's own tests: records each start in {@code starts-<role>-<index>},
 * then counts to its target one step every few milliseconds, one line per step in
 * {@code steps-<role>-<index>}, resuming after a kill from the number of lines written. Exits with
 * the status given as its last argument when it has counted to the target.
 */
public final class CountingWorker {
    private CountingWorker() {
    }

    /**
     * @param args role, index, incarnation, work dir, target steps, exit status
     * @throws Exception on I/O failure
     */
    public static void main(String[] args) throws Exception {
        String id = args[0] + "-" + args[1];
        Path dir = Paths.get(args[3]);
        int target = Integer.parseInt(args[4]);
        int status = Integer.parseInt(args[5]);
        Files.writeString(dir.resolve("starts-" + id), args[2] + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Path steps = dir.resolve("steps-" + id);
        long done = Files.exists(steps) ? Files.readAllLines(steps).size() : 0;
        for (long i = done; i < target; i++) {
            Files.writeString(steps, i + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Thread.sleep(2);
        }
        System.exit(status);
    }
}
