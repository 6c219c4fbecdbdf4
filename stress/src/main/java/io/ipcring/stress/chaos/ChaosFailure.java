package io.ipcring.stress.chaos;

/** A chaos run failed: a worker exited with an error, or the run did not finish in time. */
public final class ChaosFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the worker's output */
    public ChaosFailure(String message) {
        super(message);
    }
}
