package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Runs the fuzzers over every legacy transport and both ring files: {@code -Dipcring.fuzz.cases}
 * cases per target (default 500: 3,500 in all), seed {@code -Dipcring.fuzz.seed} (default 1).
 */
class FuzzerTest {
    private static final int CASES = Integer.getInteger("ipcring.fuzz.cases", 500);
    private static final long SEED = Long.getLong("ipcring.fuzz.seed", 1);

    @Test
    void everyTransportDeliversExactlyWhatTheOracleExpectsAndFailsOnlyWithDocumentedExceptions() {
        FuzzReport report = Fuzzer.run(CASES, SEED);
        System.out.println(report);
        assertTrue(report.passed(), report.toString());
        assertEquals(Fuzzer.TARGETS.size() * CASES, report.cases());
    }

    @Test
    void theSameSeedRunsTheSameCases() {
        assertEquals(Fuzzer.run(40, 3).tallies(), Fuzzer.run(40, 3).tallies());
    }

    @Test
    void caseSeedsAreReproducibleAndDistinct() {
        assertEquals(Fuzzer.caseSeed(1, "pipe", 5), Fuzzer.caseSeed(1, "pipe", 5));
        assertNotEquals(Fuzzer.caseSeed(1, "pipe", 5), Fuzzer.caseSeed(1, "pipe", 6));
        assertNotEquals(Fuzzer.caseSeed(1, "pipe", 5), Fuzzer.caseSeed(2, "pipe", 5));
        assertNotEquals(Fuzzer.caseSeed(1, "pipe", 5), Fuzzer.caseSeed(1, "posix-mq", 5));
    }

    @Test
    void anUnexpectedExceptionFailsItsCaseWithTheSeedsAndTheRunGoesOn() {
        Map<String, Supplier<FuzzTarget>> targets = new LinkedHashMap<>();
        targets.put("faulty", () -> new FakeTarget(random -> {
            if (random.nextInt(2) == 0) {
                throw new IndexOutOfBoundsException("boom");
            }
        }));
        FuzzReport report = Fuzzer.run(20, 9, targets, 1000);
        assertFalse(report.passed());
        assertTrue(report.failures().size() > 0 && report.failures().size() < 20, report.toString());
        String first = report.failures().get(0);
        assertTrue(first.contains("run seed 9") && first.contains("case seed") && first.contains("IndexOutOfBoundsException"), first);
        assertEquals(20 - report.failures().size(), report.tallies().get("faulty").cases());
    }

    @Test
    void aMismatchWithTheOracleNamesBothEventLists() {
        FuzzFailure failure = assertThrows(FuzzFailure.class,
                () -> FuzzFailure.checkEvents("t", List.of("a", "malformed"), List.of("a", "closed")));
        assertTrue(failure.getMessage().contains("[a, malformed]") && failure.getMessage().contains("[a, closed]"),
                failure.getMessage());
    }

    @Test
    void aHungCaseIsReportedWithItsStackAndEndsTheRun() {
        CountDownLatch never = new CountDownLatch(1);
        Map<String, Supplier<FuzzTarget>> targets = new LinkedHashMap<>();
        targets.put("hanging", () -> new FakeTarget(random -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        targets.put("never-reached", () -> new FakeTarget(random -> { }));
        FuzzReport report = Fuzzer.run(3, 1, targets, 100);
        assertEquals(1, report.failures().size(), report.toString());
        assertTrue(report.failures().get(0).contains("hang") && report.failures().get(0).contains("await"),
                report.failures().get(0));
        assertFalse(report.tallies().containsKey("never-reached"));
    }

    @Test
    void rejectsAnUnknownTarget() {
        assertThrows(IllegalArgumentException.class, () -> Fuzzer.run(1, 1, List.of("carrier-pigeon")));
    }

    /** A target whose cases run the given action. */
    private static final class FakeTarget implements FuzzTarget {
        private final java.util.function.Consumer<SplittableRandom> action;

        FakeTarget(java.util.function.Consumer<SplittableRandom> action) {
            this.action = action;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public CaseResult run(SplittableRandom random, long deadlineNanos) {
            action.accept(random);
            return new CaseResult(1, 0, 0);
        }

        @Override
        public void close() {
        }
    }
}
