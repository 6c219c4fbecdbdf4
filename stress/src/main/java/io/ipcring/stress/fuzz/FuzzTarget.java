package io.ipcring.stress.fuzz;

import java.util.SplittableRandom;

/**
 * One receiving side (or ring file) under fuzz: sets itself up once, then runs cases, each from its own seeded
 * random source, and compares what the receiver delivered with its oracle.
 */
public interface FuzzTarget extends AutoCloseable {
    /** @return a short name, e.g. {@code pipe} */
    String name();

    /**
     * Runs one case to its end.
     *
     * @param random        the case's source of bytes and choices
     * @param deadlineNanos {@link System#nanoTime()} by which the case must be done
     * @return what the case did
     * @throws FuzzFailure when the receiver did not do what the oracle expects, or did not finish
     *                     by the deadline
     */
    CaseResult run(SplittableRandom random, long deadlineNanos);

    /** Removes everything the target created. */
    @Override
    void close();

    /**
     * What one case did.
     *
     * @param frames    frames or messages delivered
     * @param malformed malformed frames or messages, or ring corruptions, reported
     * @param bytes     hostile bytes sent or written
     */
    record CaseResult(int frames, int malformed, long bytes) {
    }
}
