package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FanoutIdleTest {
    @Test
    void awaitReturnsAtOnceWhenReadyAndTimesOutOtherwise() throws Exception {
        try (TestPaths paths = new TestPaths();
             SharedRegion region = SharedRegion.create(paths.next("idle"), new RegionFormat(0x7E5D, 1, "idle-test"), 4096,
                     RegionAccess.OWNER, m -> { })) {
            FutexSignal condition = FanoutIdle.signal(region.memory(), 128);
            AtomicInteger checks = new AtomicInteger();
            assertTrue(FanoutIdle.await(WaitStrategy.BLOCKING, condition, () -> checks.incrementAndGet() > 3, TimeUnit.SECONDS.toNanos(10)));
            assertEquals(4, checks.get(), "spun until ready, never slept");
            long started = System.nanoTime();
            assertFalse(FanoutIdle.await(WaitStrategy.BLOCKING, condition, () -> false, TimeUnit.MILLISECONDS.toNanos(30)));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(30));
            assertEquals(FanoutIdle.ARMED, region.memory().getIntVolatile(128 + FanoutIdle.ARMED_WORD_OFFSET),
                    "the timed-out wait slept, so the signal is armed");
            FanoutIdle.prepareToWait(condition);
            assertEquals(FanoutIdle.ARMED, region.memory().getIntVolatile(128 + FanoutIdle.ARMED_WORD_OFFSET),
                    "preparing only wakes: no word changes");
        }
    }

    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"BUSY_SPIN", "YIELD", "BACKOFF"})
    void theNonBlockingStrategiesWaitWithoutEverArmingTheSignal(WaitStrategy strategy) throws Exception {
        try (TestPaths paths = new TestPaths();
             SharedRegion region = SharedRegion.create(paths.next("idle"), new RegionFormat(0x7E5D, 1, "idle-test"), 4096,
                     RegionAccess.OWNER, m -> { })) {
            FutexSignal signal = FanoutIdle.signal(region.memory(), 128);
            AtomicInteger checks = new AtomicInteger();
            assertTrue(FanoutIdle.await(strategy, signal, () -> checks.incrementAndGet() > 500, TimeUnit.SECONDS.toNanos(10)));
            long started = System.nanoTime();
            assertFalse(FanoutIdle.await(strategy, signal, () -> false, TimeUnit.MILLISECONDS.toNanos(30)));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(30));
            assertEquals(0, region.memory().getIntVolatile(128 + FanoutIdle.ARMED_WORD_OFFSET),
                    strategy + " never sleeps, so the other side's signal stays free of fences and system calls");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> FanoutIdle.await(strategy, signal, () -> false,
                    TimeUnit.SECONDS.toNanos(10)));
            assertFalse(Thread.interrupted(), "the interrupt is reported once, by the exception");
        }
    }
}
