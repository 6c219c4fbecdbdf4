package io.ipcring.stress.fuzz;

import java.util.List;

/** A fuzz case failed: the receiver did something its oracle does not allow, or hung. */
public final class FuzzFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 12;

    /** @param message what went wrong */
    public FuzzFailure(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the unexpected exception or error
     */
    public FuzzFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Fails unless the events match.
     *
     * @param what     the target and case
     * @param expected what the oracle expects
     * @param actual   what the receiver did
     * @throws FuzzFailure when they differ, listing both
     */
    public static void checkEvents(String what, List<String> expected, List<String> actual) {
        if (!expected.equals(actual)) {
            throw new FuzzFailure(what + ": expected " + expected.size() + " events " + head(expected) + " but the receiver gave "
                    + actual.size() + " " + head(actual));
        }
    }

    /**
     * Fails when the deadline has passed.
     *
     * @param what          the target and case
     * @param deadlineNanos the case's deadline
     * @param state         what the case was waiting for
     * @throws FuzzFailure when late
     */
    public static void checkDeadline(String what, long deadlineNanos, String state) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new FuzzFailure(what + ": did not finish in time (hang?) while " + state);
        }
    }

    private static String head(List<String> events) {
        return events.size() <= SHOWN ? events.toString() : events.subList(0, SHOWN) + "...";
    }
}
