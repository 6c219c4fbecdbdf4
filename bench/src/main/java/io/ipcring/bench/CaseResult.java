package io.ipcring.bench;

import java.util.List;
import java.util.Objects;

/**
 * What one case (a transport, a mode and a message size) measured, or why it has no figures.
 *
 * @param transport             the transport's name, e.g. {@code shm-spsc}
 * @param mode                  {@code busy-spin}, {@code blocking} or {@code backoff} ({@link Transport#mode()})
 * @param size                  the payload size in bytes
 * @param available             false when the transport cannot run here (not built yet, scheme
 *                              or kind unknown, a platform limit); {@code reason} says why
 * @param reason                why there are no figures (not available, or the case failed) or
 *                              not all of them ({@link #timeBoxed}); null for a measured case
 * @param rtt                   round-trip percentiles, null without figures (present in a
 *                              time-boxed result, which has no throughput)
 * @param throughputMsgsPerS    one-way messages per second counted by the receiver, null without
 * @param roundTrips            measured round trips (after warm-up)
 * @param messages              messages sent in the throughput test
 * @param floorP50Ns            p50 round trip of the spin probe run just before this case, null
 *                              when the probe did not run
 * @param pinned                whether both processes of this case ran pinned to their own core
 * @param rounds                when the case ran in several rounds: each round's own result, in
 *                              run order, and this result's figures are their medians
 *                              ({@link RoundMedian}); empty for a single run
 * @param capacityBytes         the ring capacity the case ran with, or null for a transport
 *                              that has no such knob ({@link Transport#capacityUse()})
 */
public record CaseResult(String transport, String mode, int size, boolean available, String reason,
                         LatencySummary rtt, Double throughputMsgsPerS, long roundTrips, long messages,
                         Long floorP50Ns, boolean pinned, List<CaseResult> rounds, Integer capacityBytes) {
    /** How the reason of a {@link #timeBoxed} result begins. */
    public static final String TIME_BOXED = "time-boxed: ";

    /**
     * Checks that a result either has figures or says why not.
     *
     * @param transport          name
     * @param mode               mode
     * @param size               payload bytes
     * @param available          whether the transport can run here
     * @param reason             why no figures, or null
     * @param rtt                percentiles or null
     * @param throughputMsgsPerS throughput or null
     * @param roundTrips         measured round trips
     * @param messages           throughput messages
     * @param floorP50Ns         floor probe p50 or null
     * @param pinned             pinned to cores
     * @param rounds             the rounds' own results, or empty (null reads as empty)
     * @param capacityBytes      ring capacity, or null
     */
    public CaseResult {
        Objects.requireNonNull(transport, "transport");
        rounds = rounds == null ? List.of() : List.copyOf(rounds);
        Objects.requireNonNull(mode, "mode");
        if (reason == null && (rtt == null || throughputMsgsPerS == null)) {
            throw new IllegalArgumentException("transport=" + transport + ": a result without figures needs a reason");
        }
        if (!available && reason == null) {
            throw new IllegalArgumentException("transport=" + transport + ": not available needs a reason");
        }
    }

    /**
     * A result without a capacity, as a case's process reports it; the runner adds the capacity
     * ({@link #withCapacity}).
     *
     * @param transport          name
     * @param mode               mode
     * @param size               payload bytes
     * @param available          whether the transport can run here
     * @param reason             why no figures, or null
     * @param rtt                percentiles or null
     * @param throughputMsgsPerS throughput or null
     * @param roundTrips         measured round trips
     * @param messages           throughput messages
     * @param floorP50Ns         floor probe p50 or null
     * @param pinned             pinned to cores
     * @param rounds             the rounds' own results, or empty (null reads as empty)
     */
    public CaseResult(String transport, String mode, int size, boolean available, String reason,
                      LatencySummary rtt, Double throughputMsgsPerS, long roundTrips, long messages,
                      Long floorP50Ns, boolean pinned, List<CaseResult> rounds) {
        this(transport, mode, size, available, reason, rtt, throughputMsgsPerS, roundTrips, messages, floorP50Ns,
                pinned, rounds, null);
    }

    /**
     * @param capacity the ring capacity the case ran with, or null when its transport has none
     * @return this result with that capacity
     */
    public CaseResult withCapacity(Integer capacity) {
        return new CaseResult(transport, mode, size, available, reason, rtt, throughputMsgsPerS, roundTrips, messages,
                floorP50Ns, pinned, rounds, capacity);
    }

    /**
     * A case that ran and measured.
     *
     * @param transport          name
     * @param mode               mode
     * @param size               payload bytes
     * @param rtt                round-trip percentiles
     * @param throughputMsgsPerS receiver-side messages per second
     * @param roundTrips         measured round trips
     * @param messages           throughput messages
     * @param floorP50Ns         the floor probe's p50
     * @param pinned             pinned to cores
     * @return the result
     */
    public static CaseResult measured(String transport, String mode, int size, LatencySummary rtt,
                                      double throughputMsgsPerS, long roundTrips, long messages, long floorP50Ns,
                                      boolean pinned) {
        return new CaseResult(transport, mode, size, true, null, Objects.requireNonNull(rtt, "rtt"),
                throughputMsgsPerS, roundTrips, messages, floorP50Ns, pinned, List.of());
    }

    /**
     * A transport that cannot run here.
     *
     * @param transport name
     * @param mode      mode
     * @param size      payload bytes
     * @param reason    why, e.g. the exception {@code Channels} threw for an unknown scheme
     * @return the result
     */
    public static CaseResult unavailable(String transport, String mode, int size, String reason) {
        return new CaseResult(transport, mode, size, false, Objects.requireNonNull(reason, "reason"), null, null,
                0, 0, null, false, List.of());
    }

    /**
     * A case that should have run but failed.
     *
     * @param transport name
     * @param mode      mode
     * @param size      payload bytes
     * @param reason    what went wrong
     * @param floorP50Ns the floor probe's p50 if it ran, else null
     * @param pinned    pinned to cores
     * @return the result
     */
    public static CaseResult failed(String transport, String mode, int size, String reason, Long floorP50Ns,
                                    boolean pinned) {
        return new CaseResult(transport, mode, size, true, "failed: " + Objects.requireNonNull(reason, "reason"),
                null, null, 0, 0, floorP50Ns, pinned, List.of());
    }

    /**
     * A case stopped at its time limit after some of its timed round trips: the percentiles of
     * those it completed, no throughput, and the reason {@code time-boxed: N round trips}.
     *
     * @param transport  name
     * @param mode       mode
     * @param size       payload bytes
     * @param rtt        percentiles of the completed round trips
     * @param roundTrips how many completed, at least 1
     * @param floorP50Ns the floor probe's p50
     * @param pinned     pinned to cores
     * @return the result
     * @throws IllegalArgumentException when no round trip completed: that case failed
     */
    public static CaseResult timeBoxed(String transport, String mode, int size, LatencySummary rtt, long roundTrips,
                                       long floorP50Ns, boolean pinned) {
        if (roundTrips < 1) {
            throw new IllegalArgumentException("transport=" + transport + ": a time-boxed result needs round trips, roundTrips="
                    + roundTrips);
        }
        return new CaseResult(transport, mode, size, true, TIME_BOXED + roundTrips + " round trips",
                Objects.requireNonNull(rtt, "rtt"), null, roundTrips, 0, floorP50Ns, pinned, List.of());
    }

    /** @return true when the case has figures */
    public boolean hasFigures() {
        return reason == null;
    }

    /** @return true when the case has round-trip percentiles: it has figures or was {@link #timeBoxed} */
    public boolean hasRoundTrips() {
        return rtt != null;
    }

    /** @return payload megabytes (10^6 bytes) per second, or null without figures */
    public Double throughputMbPerS() {
        return throughputMsgsPerS == null ? null : throughputMsgsPerS * size / 1e6;
    }
}
