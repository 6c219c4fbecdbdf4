package io.ipcring.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a bench run measures and how much.
 *
 * @param transports  transport names, in run order
 * @param sizes       payload sizes in bytes; every transport runs each
 * @param quick       smaller default counts (about two minutes for everything on 2 cores)
 * @param warmup      warm-up round trips, or null for the default of the transport's speed class
 * @param roundTrips  measured round trips, or null for the default
 * @param messages    throughput messages, or null for the default
 * @param caseTimeout the longest one case may take before it is stopped: it reports the round
 *                    trips it timed ({@link CaseResult#timeBoxed}), or fails when it timed none
 *                    or does not stop ({@link BenchRunner})
 * @param workRoot    where each case gets its directory ({@code /dev/shm} by default)
 * @param rounds      how many times every case runs, in turn (round 1 of every case, then round
 *                    2, ...); each figure reported is the median over the rounds
 * @param capacities  ring capacities in bytes; every transport runs each, and each ring-like
 *                    transport sizes its rings by it (see {@link Transport#capacityUse()})
 */
public record BenchOptions(List<String> transports, List<Integer> sizes, boolean quick, Integer warmup,
                           Integer roundTrips, Long messages, Duration caseTimeout, Path workRoot, int rounds,
                           List<Integer> capacities) {
    /** The default payload size. */
    public static final int DEFAULT_SIZE = 32;
    /** The sizes of {@code --sweep}. */
    public static final List<Integer> SWEEP_SIZES = List.of(32, 1024, 65536);
    /** Round trips of the floor probe, measured after as many again for warm-up. */
    static final int PROBE_ROUND_TRIPS = 20_000;
    /** The most rounds a run may ask for. */
    public static final int MAX_ROUNDS = 99;
    /** The default ring capacity: the rings' data bytes before {@code --capacity} existed. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** The capacities of {@code --capacity-sweep}. */
    public static final List<Integer> SWEEP_CAPACITIES = List.of(64 << 10, 256 << 10, 1 << 20);
    /**
     * The smallest capacity: Aeron's terms are four times it ({@link AeronTransport}) and Aeron
     * wants at least 64 KiB.
     */
    public static final int MIN_CAPACITY = 16 << 10;
    /**
     * The largest capacity: a case maps two rings of it per transport (and Aeron three terms of
     * four times it per direction) in {@code /dev/shm}.
     */
    public static final int MAX_CAPACITY = 64 << 20;
    /** A ring's largest message is this fraction of its capacity, in ipcring's rings and Agrona's. */
    public static final int MESSAGE_FRACTION = 8;

    /**
     * Validates the options.
     *
     * @param transports  names
     * @param sizes       sizes
     * @param quick       quick counts
     * @param warmup      warm-up override
     * @param roundTrips  round-trip override
     * @param messages    message override
     * @param caseTimeout per-case limit
     * @param workRoot    case directories' parent
     * @param rounds      rounds of every case, 1 to {@link #MAX_ROUNDS}
     * @param capacities  ring capacities: powers of two in [{@link #MIN_CAPACITY},
     *                    {@link #MAX_CAPACITY}], each at least {@link #MESSAGE_FRACTION} times the
     *                    largest size
     */
    public BenchOptions {
        transports = List.copyOf(transports);
        sizes = List.copyOf(sizes);
        capacities = List.copyOf(capacities);
        Objects.requireNonNull(caseTimeout, "caseTimeout");
        Objects.requireNonNull(workRoot, "workRoot");
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds=" + rounds + " must be in [1, " + MAX_ROUNDS + "]");
        }
        if (transports.isEmpty() || sizes.isEmpty()) {
            throw new IllegalArgumentException("need at least one transport and one size");
        }
        for (String t : transports) {
            Transports.get(t);
        }
        for (int size : sizes) {
            if (size < CaseSpec.MIN_SIZE || size > CaseSpec.MAX_SIZE) {
                throw new IllegalArgumentException("size=" + size + " must be in [" + CaseSpec.MIN_SIZE + ", "
                        + CaseSpec.MAX_SIZE + "] bytes");
            }
        }
        if (capacities.isEmpty()) {
            throw new IllegalArgumentException("need at least one capacity");
        }
        for (int capacity : capacities) {
            checkCapacity(capacity, sizes);
        }
        if (warmup != null && warmup < 0 || roundTrips != null && roundTrips < 1 || messages != null && messages < 2) {
            throw new IllegalArgumentException("counts out of range: warmup=" + warmup + " roundTrips=" + roundTrips
                    + " messages=" + messages + " (need warmup >= 0, roundTrips >= 1, messages >= 2)");
        }
    }

    /**
     * Options at the default capacity ({@link #DEFAULT_CAPACITY}).
     *
     * @param transports  names
     * @param sizes       sizes
     * @param quick       quick counts
     * @param warmup      warm-up override
     * @param roundTrips  round-trip override
     * @param messages    message override
     * @param caseTimeout per-case limit
     * @param workRoot    case directories' parent
     * @param rounds      rounds of every case
     */
    public BenchOptions(List<String> transports, List<Integer> sizes, boolean quick, Integer warmup,
                        Integer roundTrips, Long messages, Duration caseTimeout, Path workRoot, int rounds) {
        this(transports, sizes, quick, warmup, roundTrips, messages, caseTimeout, workRoot, rounds,
                List.of(DEFAULT_CAPACITY));
    }

    /** @return every transport, 32-byte messages, full counts, 10-minute case limit, in /dev/shm, one round */
    public static BenchOptions defaults() {
        return new BenchOptions(Transports.names(), List.of(DEFAULT_SIZE), false, null, null, null,
                Duration.ofMinutes(10), Paths.get("/dev/shm"), 1);
    }

    /**
     * Checks one ring capacity against the bounds and the message sizes it must carry.
     *
     * @param capacity the capacity in bytes
     * @param sizes    the payload sizes the run sends
     * @throws IllegalArgumentException naming the capacity and the bound it breaks
     */
    static void checkCapacity(int capacity, List<Integer> sizes) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be a power of two in [" + MIN_CAPACITY
                    + ", " + MAX_CAPACITY + "] bytes");
        }
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        if ((long) largest * MESSAGE_FRACTION > capacity) {
            throw new IllegalArgumentException("capacity=" + capacity + " is too small for size=" + largest
                    + ": a ring's largest message is 1/" + MESSAGE_FRACTION + " of its capacity, so size=" + largest
                    + " needs capacity >= " + (Integer.highestOneBit(largest * MESSAGE_FRACTION - 1) << 1));
        }
    }

    /** @param t the transport @param size payload bytes @return warm-up round trips for that case */
    public int warmupFor(Transport t, int size) {
        if (warmup != null) {
            return warmup;
        }
        int base = t.speed() == Transport.Speed.MEMORY ? (quick ? 20_000 : 50_000) : (quick ? 5_000 : 10_000);
        return (int) capByBytes(base, size);
    }

    /** @param t the transport @param size payload bytes @return measured round trips for that case */
    public int roundTripsFor(Transport t, int size) {
        if (roundTrips != null) {
            return roundTrips;
        }
        int base = t.speed() == Transport.Speed.MEMORY ? (quick ? 100_000 : 500_000) : (quick ? 20_000 : 100_000);
        return (int) capByBytes(base, size);
    }

    /** @param t the transport @param size payload bytes @return throughput messages for that case */
    long messagesFor(Transport t, int size) {
        if (messages != null) {
            return messages;
        }
        // quick memory-speed streams stay at 10 M: at 2 M (about 0.1 s after a 0.4 M warm-up) the
        // figure was the JIT's warm-up and the host's hiccups rather than the loop's steady rate
        long base = t.speed() == Transport.Speed.MEMORY ? (quick ? 10_000_000 : 20_000_000) : (quick ? 200_000 : 1_000_000);
        return capByBytes(base, size);
    }

    /** Large messages: keep the bytes moved per phase near what 32-byte messages move. */
    private long capByBytes(long count, int size) {
        long bytes = quick ? 256L << 20 : 2L << 30;
        return Math.max(1_000, Math.min(count, bytes / size));
    }
}
