package io.ipcring.bench;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * A child JVM for {@link CaseParentTest} (main class): runs a bench of one {@link SleepyTransport}
 * case of a minute, unpinned, its case directories in the directory named by its argument, and
 * prints each progress line as {@code PROGRESS <phase> <done> <total>} on stdout.
 */
public final class RunnerMain {
    /** Round trips of the case: a minute of {@link SleepyTransport#ROUND_TRIP_MILLIS} sleeps. */
    static final int ROUND_TRIPS = 6000;

    private RunnerMain() {
    }

    /** @param args the directory the case's directory goes in */
    public static void main(String[] args) {
        BenchOptions options = new BenchOptions(List.of(Transports.CLASS_PREFIX + SleepyTransport.class.getName()),
                List.of(64), true, 0, ROUND_TRIPS, 2L, Duration.ofMinutes(5), Paths.get(args[0]), 1);
        new BenchRunner(options, new ProgressListener() {
            @Override
            public void caseStarted(int index, int total, String transport, int size) {
            }

            @Override
            public void progress(String phase, long done, long total) {
                System.out.println("PROGRESS " + phase + " " + done + " " + total);
                System.out.flush();
            }

            @Override
            public void caseFinished(CaseResult result) {
            }
        }, Pinning.none("test")).run();
    }
}
