package io.ipcring.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Control;

/**
 * The benchmark methods called directly, without JMH: each message comes back with its sequence
 * (over several laps of the ring, so the wrap is crossed), the group's methods give up once the
 * measurement stops instead of spinning on a full or empty ring, and the tear-down deletes the
 * ring file.
 */
@Timeout(60)
class ShmRingBenchmarkTest {
    /** Messages of 40-byte records: several laps of the 64 KiB ring. */
    private static final int MESSAGES = 10 * ShmRingBenchmark.CAPACITY / 40;

    private final ShmRingBenchmark benchmark = new ShmRingBenchmark();

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpsc"})
    void oneThreadPathsReturnEachSequenceAndTheFileIsDeleted(String kind) throws Exception {
        ShmRingBenchmark.OneThread state = state(new ShmRingBenchmark.OneThread(), kind);
        Path path = state.path;
        assertTrue(Files.exists(path));
        for (int i = 1; i <= MESSAGES; i++) {
            assertEquals(2L * i - 1, benchmark.offerPoll(state));
            assertEquals(2L * i, benchmark.claimCommitPoll(state));
        }
        state.tearDown();
        assertFalse(Files.exists(path), path + " deleted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpsc"})
    void groupMethodsStreamInOrderAndStopOnAFullOrEmptyRing(String kind) throws Exception {
        Control control = JmhControls.create(); // first: a skipped test must not leave a ring file
        ShmRingBenchmark.TwoThreads state = state(new ShmRingBenchmark.TwoThreads(), kind);
        try {
            for (int i = 1; i <= MESSAGES; i++) {
                assertTrue(benchmark.streamOffer(state, control));
                assertEquals(i, benchmark.streamPoll(state, control));
            }
            control.stopMeasurement = true;
            assertEquals(MESSAGES, benchmark.streamPoll(state, control), "an empty ring returns the last sequence");
            int sent = 0;
            while (benchmark.streamOffer(state, control)) {
                sent++;
            }
            assertTrue(sent > 0 && sent < ShmRingBenchmark.CAPACITY / 40 + 1, "filled the ring with " + sent);
        } finally {
            state.tearDown();
        }
        assertFalse(Files.exists(state.path));
    }

    @Test
    void anUnknownKindIsRejected() {
        ShmRingBenchmark.OneThread state = new ShmRingBenchmark.OneThread();
        state.kind = "broadcast";
        state.size = 32;
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, state::setup);
            assertTrue(e.getMessage().contains("kind=broadcast"), e.getMessage());
        } finally {
            assertFalse(Files.exists(state.path));
        }
    }

    private static <S extends ShmRingBenchmark.RingState> S state(S state, String kind) {
        state.kind = kind;
        state.size = 32;
        state.setup();
        return state;
    }
}
