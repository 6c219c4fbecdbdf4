package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SpinBudgetTest {
    @Test
    void thisProcessesBudgetIsTheMeasuredWakeUpCostWithinItsBoundsAndStaysTheSame() {
        long budget = SpinBudget.nanos();
        assertTrue(budget >= SpinBudget.MIN_NANOS && budget <= SpinBudget.MAX_NANOS, "budget=" + budget);
        assertEquals(budget, SpinBudget.nanos());
    }

    @Test
    void theProbeRunsOnceHoweverManyThreadsAskAndItsResultIsClamped() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        SpinBudget budget = new SpinBudget(() -> null, () -> {
            probes.incrementAndGet();
            return 1_000L;
        });
        Thread[] threads = new Thread[4];
        long[] seen = new long[threads.length];
        for (int i = 0; i < threads.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> seen[index] = budget.get());
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(SpinBudget.MIN_NANOS, budget.get(), "a 1 us wake-up is raised to the least budget");
        for (long value : seen) {
            assertEquals(SpinBudget.MIN_NANOS, value);
        }
        assertEquals(1, probes.get(), "measured once");
        assertEquals(SpinBudget.MAX_NANOS, new SpinBudget(() -> null, () -> 5_000_000L).get());
        assertEquals(SpinBudget.UNMEASURED_NANOS, new SpinBudget(() -> null, () -> -1L).get(), "no sample");
        assertEquals(42_000L, new SpinBudget(() -> null, () -> 42_000L).get());
    }

    @Test
    void withOneCpuTheProbeDoesNotRunAndTheBudgetIsTheUnmeasuredOne() {
        assertEquals(-1, SpinBudget.probe(1));
        assertEquals(SpinBudget.UNMEASURED_NANOS, new SpinBudget(() -> null, () -> SpinBudget.probe(1)).get());
        long twoCpus = SpinBudget.probe(2);
        assertTrue(twoCpus > 0 || twoCpus == -1, "a wake-up's median, or -1 without a sample: " + twoCpus);
    }

    @Test
    void thePropertyOverridesTheMeasurementWhichThenNeverRuns() {
        AtomicInteger probes = new AtomicInteger();
        assertEquals(0, new SpinBudget(() -> "0", probes::incrementAndGet).get());
        assertEquals(SpinBudget.MAX_PROPERTY_NANOS,
                new SpinBudget(() -> " " + SpinBudget.MAX_PROPERTY_NANOS + " ", probes::incrementAndGet).get());
        assertEquals(1_500L, new SpinBudget(() -> "1500", probes::incrementAndGet).get(), "not clamped to the measured bounds");
        assertEquals(0, probes.get());
    }

    @Test
    void aBadPropertyIsRejectedNamingItsValueAndTheRange() {
        for (String bad : new String[] {"", "fast", "1.5", "-1", Long.toString(SpinBudget.MAX_PROPERTY_NANOS + 1),
                "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SpinBudget(() -> bad, () -> 1_000L).get(), bad);
            assertTrue(e.getMessage().startsWith("system property ipcring.spinNanos=" + bad + " "), e.getMessage());
            assertTrue(e.getMessage().contains("0 to " + SpinBudget.MAX_PROPERTY_NANOS), e.getMessage());
        }
    }

    @Test
    void aSpinEndsWhenReadyOrAtItsEndWhicheverIsFirst() {
        AtomicInteger checks = new AtomicInteger();
        assertTrue(SpinBudget.spin(() -> checks.incrementAndGet() == 100, SpinBudget.end(TimeUnit.HOURS.toNanos(1),
                Deadline.never())));
        assertEquals(100, checks.get());
        long before = System.nanoTime();
        assertFalse(SpinBudget.spin(() -> false, SpinBudget.end(TimeUnit.MILLISECONDS.toNanos(20), Deadline.never())));
        assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(20), "spun its whole time");
        checks.set(0);
        assertFalse(SpinBudget.spin(() -> checks.incrementAndGet() > 0, SpinBudget.end(0, Deadline.never())));
        assertEquals(0, checks.get(), "a spin of no time checks nothing");
        long deadline = Deadline.after(10, TimeUnit.MILLISECONDS);
        assertEquals(deadline, SpinBudget.end(TimeUnit.HOURS.toNanos(1), deadline), "the deadline comes first");
    }

    @Test
    void theSharedMemoryPrimitivesSpinTheBudgetBeforeTheyMarkThemselvesSleepers() throws Exception {
        List<String> flags = new ArrayList<>(ChildJvmFlags.forIpcring());
        flags.add("-D" + SpinBudget.PROPERTY + "=" + TimeUnit.MILLISECONDS.toNanos(100));
        try (ScratchRegion region = ScratchRegion.create(4096);
             ChildJvm child = ChildJvm.start(flags, SpinPhaseChild.class, region.path().toString())) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertTrue(child.output().contains("event=0 latch=1 semaphoreWaiters=0 mutexContended=0 idleEvent="
                    + EventLayout.RESET_WITH_SLEEPERS), child.output());
        }
    }
}
