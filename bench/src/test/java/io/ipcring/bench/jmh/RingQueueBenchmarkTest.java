package io.ipcring.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.infra.Control;

/**
 * The benchmark methods called directly, without JMH: elements round-trip, the group's methods
 * never block once the measurement stops (a full queue for the putter, an empty one for the
 * taker, which is what lets JMH end an iteration), and the tear-down deletes the queue file.
 */
@Timeout(60)
class RingQueueBenchmarkTest {
    private final RingQueueBenchmark benchmark = new RingQueueBenchmark();

    @Test
    void oneThreadPathsRoundTripAndTheFileIsDeleted() throws Exception {
        RingQueueBenchmark.OneThread state = state(new RingQueueBenchmark.OneThread());
        Path path = state.path;
        assertTrue(Files.exists(path));
        state.element[0] = 42;
        for (int i = 0; i < 3 * RingQueueBenchmark.CAPACITY; i++) {
            assertEquals(42, benchmark.offerPoll(state)[0]);
            assertEquals(42, benchmark.putTake(state)[0]);
        }
        state.tearDown();
        assertFalse(Files.exists(path), path + " deleted");
    }

    @Test
    void groupMethodsNeverBlockOnceTheMeasurementStopped() throws Exception {
        Control control = JmhControls.create(); // first: a skipped test must not leave a ring file
        RingQueueBenchmark.TwoThreads state = state(new RingQueueBenchmark.TwoThreads());
        try {
            assertTrue(benchmark.blockingPut(state, control));
            assertNotNull(benchmark.blockingTake(state, control));
            assertTrue(benchmark.streamOffer(state, control));
            assertNotNull(benchmark.streamPoll(state, control));
            control.stopMeasurement = true;
            assertNull(benchmark.blockingTake(state, control), "empty: returns instead of taking");
            assertNull(benchmark.streamPoll(state, control));
            for (int i = 0; i < RingQueueBenchmark.CAPACITY; i++) {
                assertTrue(benchmark.blockingPut(state, control), "room for element " + i);
            }
            assertFalse(benchmark.blockingPut(state, control), "full: returns instead of putting");
            assertFalse(benchmark.streamOffer(state, control));
            assertNotNull(benchmark.blockingTake(state, control));
        } finally {
            state.tearDown();
        }
        assertFalse(Files.exists(state.path));
    }

    private static <S extends RingQueueBenchmark.QueueState> S state(S state) {
        state.size = 32;
        state.setup();
        return state;
    }
}
