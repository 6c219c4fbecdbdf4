package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalOptions;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code journal} cases: registered beside Chronicle's queue without flags, sized by the
 * capacity, carrying every message in order across segment rolls in both modes (in process, the
 * two sides on two threads), and run by the real harness across processes with tiny counts
 * (correctness only, no speed asserted), leaving nothing behind.
 */
class JournalTransportTest {
    /** 32-byte payloads take 56-byte records: this many fill a 64 KiB segment several times over. */
    private static final int MESSAGES = 10_000;

    @Test
    void bothCasesAreFlagFreeMemoryTransportsBesideTheirPeers() {
        List<String> names = Transports.names();
        assertEquals(names.indexOf("chronicle-queue") - 1, names.indexOf("journal"), "measured right before Chronicle's queue");
        assertEquals(names.indexOf("shm-spsc-blocking") + 1, names.indexOf("journal-blocking"), "among the blocking variants");
        for (String name : List.of("journal", "journal-blocking")) {
            Transport t = Transports.get(name);
            assertEquals(List.of(), t.jvmFlags(), name);
            assertNull(t.unavailableReason(), name);
            assertEquals(Transport.Speed.MEMORY, t.speed(), name);
            assertTrue(t.capacityUse().contains("segment"), t.capacityUse());
        }
        assertEquals("busy-spin", Transports.get("journal").mode());
        assertEquals("blocking", Transports.get("journal-blocking").mode());
    }

    @Test
    void theCapacityIsTheSegmentSizeRaisedToTheJournalsSmallest() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            for (int capacity : List.of(16 << 10, 1 << 20)) {
                Path dir = paths.directory("bench-journal-capacity");
                CaseSpec spec = new CaseSpec("journal", 32, 0, 1, 2, 1, dir, "t", -1, capacity);
                Transport t = Transports.get("journal");
                try (Endpoint parent = t.open(new CaseContext(spec, Side.PARENT, null, null))) {
                    for (String direction : List.of(JournalTransport.A2B, JournalTransport.B2A)) {
                        try (Journal journal = Journal.openReadOnly(dir.resolve(direction))) {
                            assertEquals(Math.max(capacity, JournalOptions.MIN_ROLL_BYTES), journal.options().rollBytes(),
                                    capacity + " " + direction);
                            assertEquals(32, journal.options().maxMessageLength());
                        }
                    }
                } finally {
                    t.removeLeftovers(spec);
                }
                assertFalse(Files.exists(dir.resolve(JournalTransport.A2B)));
                assertFalse(Files.exists(dir.resolve(JournalTransport.B2A)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal", "journal-blocking"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyMessageArrivesInOrderAcrossSegmentRolls(String name) throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path dir = paths.directory("bench-journal");
            CaseSpec spec = new CaseSpec(name, 32, 0, 1, 2, 1, dir, "t", -1, 64 << 10);
            Transport t = Transports.get(name);
            try (Endpoint parent = t.open(new CaseContext(spec, Side.PARENT, null, null));
                 Endpoint child = t.open(new CaseContext(spec, Side.CHILD, null, null))) {
                CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> child.echo(MESSAGES));
                Histogram histogram = new Histogram(3);
                parent.pingPong(0, MESSAGES, histogram);
                echo.get(30, TimeUnit.SECONDS);
                assertEquals(MESSAGES, histogram.getTotalCount());

                CompletableFuture<Long> receive = CompletableFuture.supplyAsync(() -> child.receive(MESSAGES));
                parent.send(0, MESSAGES);
                assertTrue(receive.get(30, TimeUnit.SECONDS) >= 0);
                for (String direction : List.of(JournalTransport.A2B, JournalTransport.B2A)) {
                    try (Journal journal = Journal.openReadOnly(dir.resolve(direction))) {
                        assertTrue(journal.rolls() >= 4, direction + " rolled " + journal.rolls() + " times");
                    }
                }
            } finally {
                t.removeLeftovers(spec);
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.toList(), "both journal directories are removed");
            }
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theHarnessRunsBothAcrossTwoProcessesAndLeavesNothingBehind() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path root = paths.directory("bench-journal-run");
            BenchOptions options = new BenchOptions(List.of("journal", "journal-blocking"), List.of(32), true, 100, 1000,
                    20_000L, Duration.ofSeconds(90), root, 1, List.of(64 << 10));
            BenchReport report = new BenchRunner(options, new ProgressListener() {
                @Override
                public void roundStarted(int round, int of) {
                }

                @Override
                public void caseStarted(int index, int total, String transport, int size) {
                }

                @Override
                public void progress(String phase, long done, long total) {
                }

                @Override
                public void caseFinished(CaseResult result) {
                }
            }).run();
            assertEquals(2, report.results().size());
            for (CaseResult result : report.results()) {
                assertNull(result.reason(), result.transport() + ": " + result.reason());
                assertEquals(1000, result.roundTrips(), result.transport());
                assertEquals(20_000, result.messages(), result.transport());
                assertTrue(result.rtt().min() > 0 && result.throughputMsgsPerS() > 0, result.transport());
            }
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "every case directory is removed");
            }
        }
    }
}
