package io.ipcring.bench;

/** Told what a bench run is doing, to show progress while it runs. */
public interface ProgressListener {
    /**
     * A round of every case begins; told only when the run has more than one round.
     *
     * @param round  its number, from 1
     * @param rounds the number of rounds
     */
    default void roundStarted(int round, int rounds) {
    }

    /**
     * A case begins.
     *
     * @param index     its number, from 1, counting every round's cases
     * @param total     the number of cases times the number of rounds
     * @param transport the transport
     * @param size      payload bytes
     */
    void caseStarted(int index, int total, String transport, int size);

    /**
     * A case begins, with the ring capacity it runs at when that tells it from the run's other
     * cases. Tells {@link #caseStarted(int, int, String, int)} unless a listener shows the capacity.
     *
     * @param index     its number, from 1, counting every round's cases
     * @param total     the number of cases times the number of rounds
     * @param transport the transport
     * @param size      payload bytes
     * @param capacity  the ring capacity in bytes when the run measures several
     *                  ({@code --capacity-sweep}) and this transport has that knob, else null
     */
    default void caseStarted(int index, int total, String transport, int size, Integer capacity) {
        caseStarted(index, total, transport, size);
    }

    /**
     * The running case moved on.
     *
     * @param phase {@code starting}, {@code floor-probe}, {@code opening}, {@code warm-up},
     *              {@code ping-pong}, {@code throughput-warm-up} or {@code throughput}
     * @param done  units of the phase done
     * @param total units in the phase
     */
    void progress(String phase, long done, long total);

    /** @param result the case's outcome in this round */
    void caseFinished(CaseResult result);
}
