package io.ipcring.ring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.FutexSignal.Waiters;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RingWaitTest {
    private static final int WORD = 128;
    private static final int FLAGS = 132;
    private static final int ARMED = 1;

    private final TestPaths paths = new TestPaths();
    private final SharedRegion region = SharedRegion.create(paths.next("ring-wait"),
            new RegionFormat(0x7E5D, 1, "ring-wait-test"), 4096, RegionAccess.OWNER, m -> { });
    private final MappedMemory memory = region.memory();
    private final FutexSignal signal = new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.MANY);

    @AfterEach
    void close() {
        region.close();
        paths.close();
    }

    @Test
    void blockingReturnsAtOnceWhenReadyWithoutArmingAndSleepsOnTheSignalWhenNot() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        assertTrue(RingWait.await(WaitStrategy.BLOCKING, signal, () -> checks.incrementAndGet() > 3, Deadline.never()));
        assertEquals(4, checks.get(), "spun until ready");
        assertEquals(0, memory.getIntVolatile(FLAGS), "never slept: the signal is not armed");
        long started = System.nanoTime();
        assertFalse(RingWait.await(WaitStrategy.BLOCKING, signal, () -> false, Deadline.after(30, TimeUnit.MILLISECONDS)));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(30));
        assertEquals(ARMED, memory.getIntVolatile(FLAGS), "the timed-out wait slept, so the signal is armed");
    }

    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"BUSY_SPIN", "YIELD", "BACKOFF"})
    void theNonBlockingStrategiesWaitWithoutEverArmingTheSignal(WaitStrategy strategy) throws Exception {
        AtomicInteger checks = new AtomicInteger();
        assertTrue(RingWait.await(strategy, signal, () -> checks.incrementAndGet() > 500, Deadline.never()));
        long started = System.nanoTime();
        assertFalse(RingWait.await(strategy, signal, () -> false, Deadline.after(30, TimeUnit.MILLISECONDS)));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(30));
        assertEquals(0, memory.getIntVolatile(FLAGS),
                strategy + " never sleeps, so the other side's signal stays free of fences and system calls");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> RingWait.await(strategy, signal, () -> false, Deadline.never()));
        assertFalse(Thread.interrupted(), "the interrupt is reported once, by the exception");
    }

    @Test
    void backoffParksOnceTheSpinIsSpentSoAnIdleWaiterChecksRarely() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        assertFalse(RingWait.await(WaitStrategy.BACKOFF, signal, () -> checks.incrementAndGet() < 0,
                Deadline.after(300, TimeUnit.MILLISECONDS)));
        // Spinning would check millions of times in 300 ms; parks growing to 1 ms, with seven
        // checks between two, make a few thousand at most.
        assertTrue(checks.get() < 100_000, "checks=" + checks.get());
    }
}
