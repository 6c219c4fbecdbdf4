package io.ipcring.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything one case's two processes need to know, passed to both on their command line.
 *
 * @param transport       the transport's registered name
 * @param size            payload bytes of every message, at least {@link #MIN_SIZE}
 * @param warmup          round trips before the measured ones
 * @param roundTrips      measured round trips
 * @param messages        messages in the one-way throughput test, at least 2
 * @param probeRoundTrips round trips of the floor probe (as many again warm it up)
 * @param workDir         a directory of its own for the case's files, removed afterwards
 * @param tag             a name unique to this case, for objects outside {@code workDir}
 * @param childCpu        the CPU the child is pinned to, or -1 for none
 * @param capacity        ring capacity in bytes, for the transports that size rings by it
 *                        ({@link Transport#capacityUse()})
 */
public record CaseSpec(String transport, int size, int warmup, int roundTrips, long messages, int probeRoundTrips,
                       Path workDir, String tag, int childCpu, int capacity) {
    /** The smallest payload: every message carries an 8-byte sequence number. */
    public static final int MIN_SIZE = 8;
    /** The largest payload the bench sends. */
    public static final int MAX_SIZE = 1 << 20;

    /**
     * Validates the settings.
     *
     * @param transport       name
     * @param size            payload bytes
     * @param warmup          warm-up round trips
     * @param roundTrips      measured round trips
     * @param messages        throughput messages
     * @param probeRoundTrips probe round trips
     * @param workDir         the case's directory
     * @param tag             unique name
     * @param childCpu        child's CPU or -1
     * @param capacity        ring capacity in bytes (see {@link BenchOptions#checkCapacity})
     */
    public CaseSpec {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(tag, "tag");
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("size=" + size + " must be in [" + MIN_SIZE + ", " + MAX_SIZE + "]");
        }
        if (warmup < 0 || roundTrips < 1 || messages < 2 || probeRoundTrips < 1) {
            throw new IllegalArgumentException("counts must be positive: warmup=" + warmup + " roundTrips="
                    + roundTrips + " messages=" + messages + " probeRoundTrips=" + probeRoundTrips);
        }
        BenchOptions.checkCapacity(capacity, List.of(size));
    }

    /**
     * A case at the default capacity ({@link BenchOptions#DEFAULT_CAPACITY}).
     *
     * @param transport       name
     * @param size            payload bytes
     * @param warmup          warm-up round trips
     * @param roundTrips      measured round trips
     * @param messages        throughput messages
     * @param probeRoundTrips probe round trips
     * @param workDir         the case's directory
     * @param tag             unique name
     * @param childCpu        child's CPU or -1
     */
    public CaseSpec(String transport, int size, int warmup, int roundTrips, long messages, int probeRoundTrips,
                    Path workDir, String tag, int childCpu) {
        this(transport, size, warmup, roundTrips, messages, probeRoundTrips, workDir, tag, childCpu,
                BenchOptions.DEFAULT_CAPACITY);
    }

    /** @return messages of the unmeasured stream that warms up the throughput loops first */
    public long throughputWarmup() {
        return Math.max(2, messages / 5);
    }

    /** @return the settings as {@code key=value} command-line words */
    String[] toArgs() {
        return KeyValues.create().put("transport", transport).put("size", size).put("warmup", warmup)
                .put("roundTrips", roundTrips).put("messages", messages).put("probeRoundTrips", probeRoundTrips)
                .put("workDir", workDir).put("tag", tag).put("childCpu", childCpu).put("capacity", capacity).toWords();
    }

    /**
     * @param args words made by {@link #toArgs()}
     * @return the spec
     */
    static CaseSpec parse(String[] args) {
        KeyValues kv = KeyValues.parse(Arrays.asList(args));
        return new CaseSpec(kv.get("transport"), kv.getInt("size"), kv.getInt("warmup"), kv.getInt("roundTrips"),
                kv.getLong("messages"), kv.getInt("probeRoundTrips"), Paths.get(kv.get("workDir")), kv.get("tag"),
                kv.getInt("childCpu"), kv.getInt("capacity"));
    }
}
