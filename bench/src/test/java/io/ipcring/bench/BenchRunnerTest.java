package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Channels;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the real harness across processes with tiny counts: correctness only, no speed asserted.
 * {@code shm-spsc} is measured once the ring's {@code shm:} provider is on the class path, and
 * reported not available until then.
 */
class BenchRunnerTest {
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void spinBaselineRunsAcrossTwoProcessesAndLeavesNothingBehind() throws Exception {
        List<String> phases = Collections.synchronizedList(new ArrayList<>());
        List<CaseResult> finished = new ArrayList<>();
        try (TestPaths paths = new TestPaths()) {
            Path root = paths.directory("bench");
            BenchOptions options = new BenchOptions(List.of("spin-baseline", "shm-spsc"), List.of(64), true, 100, 1000,
                    5000L, Duration.ofSeconds(90), root, 2);
            List<Integer> rounds = Collections.synchronizedList(new ArrayList<>());
            BenchReport report = new BenchRunner(options, new ProgressListener() {
                @Override
                public void roundStarted(int round, int of) {
                    assertEquals(2, of);
                    rounds.add(round);
                }

                @Override
                public void caseStarted(int index, int total, String transport, int size) {
                    assertEquals(4, total);
                }

                @Override
                public void progress(String phase, long done, long total) {
                    phases.add(phase);
                }

                @Override
                public void caseFinished(CaseResult result) {
                    finished.add(result);
                }
            }).run();

            assertEquals(List.of(1, 2), rounds);
            assertEquals(2, report.results().size());
            assertEquals(4, finished.size(), "each case ran once per round");
            assertEquals(List.of(finished.get(0), finished.get(2)), report.results().get(0).rounds(),
                    "round 1 of every case, then round 2");
            assertEquals(List.of(finished.get(1), finished.get(3)), report.results().get(1).rounds());
            CaseResult spin = report.results().get(0);
            assertNull(spin.reason(), spin.reason());
            assertEquals("spin-baseline", spin.transport());
            assertEquals(64, spin.size());
            assertEquals(1000, spin.roundTrips());
            assertEquals(5000, spin.messages());
            assertTrue(spin.rtt().min() > 0);
            assertTrue(spin.throughputMsgsPerS() > 0);
            assertNotNull(spin.floorP50Ns());
            assertTrue(spin.floorP50Ns() > 0);
            assertTrue(phases.containsAll(List.of("starting", "floor-probe", "opening", "warm-up", "ping-pong",
                    "throughput-warm-up", "throughput")), phases.toString());

            CaseResult ring = report.results().get(1);
            if (Channels.schemes().containsKey("shm")) {
                assertNull(ring.reason(), ring.reason());
            } else {
                assertFalse(ring.available());
                assertTrue(ring.reason().contains("'shm'"), ring.reason());
            }

            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "every case directory is removed");
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void ringsRunAtEveryCapacityAndTransportsWithoutTheKnobOnce() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path root = paths.directory("bench-capacity");
            BenchOptions options = new BenchOptions(List.of("spin-baseline", "shm-spsc"), List.of(32), true, 100, 1000,
                    5000L, Duration.ofSeconds(90), root, 1, List.of(16 << 10, 64 << 10));
            List<String> started = new ArrayList<>();
            List<Integer> progressCapacities = new ArrayList<>();
            BenchReport report = new BenchRunner(options, new ProgressListener() {
                @Override
                public void roundStarted(int round, int of) {
                }

                @Override
                public void caseStarted(int index, int total, String transport, int size) {
                    throw new AssertionError("the runner names the capacity of every case it starts");
                }

                @Override
                public void caseStarted(int index, int total, String transport, int size, Integer capacity) {
                    assertEquals(3, total);
                    started.add(transport);
                    progressCapacities.add(capacity);
                }

                @Override
                public void progress(String phase, long done, long total) {
                }

                @Override
                public void caseFinished(CaseResult result) {
                }
            }).run();
            assertEquals(List.of("spin-baseline", "shm-spsc", "shm-spsc"), started);
            assertEquals(Arrays.asList(null, 16 << 10, 64 << 10), progressCapacities, "the sweep's capacity of each ring case");
            List<Integer> capacities = new ArrayList<>();
            for (CaseResult r : report.results()) {
                capacities.add(r.capacityBytes());
            }
            assertEquals(Arrays.asList(null, 16 << 10, 64 << 10), capacities);
            if (Channels.schemes().containsKey("shm")) {
                assertNull(report.results().get(1).reason(), report.results().get(1).reason());
                assertNull(report.results().get(2).reason(), report.results().get(2).reason());
            }
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "every case directory is removed");
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCaseAtItsTimeLimitReportsTheRoundTripsItTimedAndLeavesNothingBehind() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path root = paths.directory("bench-time-limit");
            // 20,000 round trips of 10 ms: 200 s, stopped by a 10 s limit (time enough to start two
            // JVMs on a loaded machine) after some hundreds
            BenchOptions options = new BenchOptions(List.of(Transports.CLASS_PREFIX + SleepyTransport.class.getName()),
                    List.of(64), true, 0, 20_000, 2L, Duration.ofSeconds(10), root, 1);
            CaseResult r = new BenchRunner(options, new ProgressListener() {
                @Override
                public void caseStarted(int index, int total, String transport, int size) {
                }

                @Override
                public void progress(String phase, long done, long total) {
                }

                @Override
                public void caseFinished(CaseResult result) {
                }
            }, Pinning.none("test")).run().results().get(0);
            // a case killed at the limit instead would have no round trips
            assertTrue(r.hasRoundTrips() && !r.hasFigures(), String.valueOf(r));
            assertTrue(r.roundTrips() > 0 && r.roundTrips() < 20_000, String.valueOf(r));
            assertEquals(CaseResult.TIME_BOXED + r.roundTrips() + " round trips", r.reason());
            assertEquals(SleepyTransport.ROUND_TRIP_MILLIS, r.rtt().p50() / 1_000_000, String.valueOf(r));
            assertNull(r.throughputMsgsPerS());
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "the case's directory and its leftover are removed");
            }
        }
    }
}
