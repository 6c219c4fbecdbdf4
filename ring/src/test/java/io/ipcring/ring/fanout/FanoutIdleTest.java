package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FanoutIdleTest {
    @Test
    void awaitReturnsAtOnceWhenReadyAndTimesOutOtherwise() throws Exception {
        try (TestPaths paths = new TestPaths();
             SharedRegion region = SharedRegion.create(paths.next("idle"), new RegionFormat(0x7E5D, 1, "idle-test"), 4096,
                     RegionAccess.OWNER, m -> { })) {
            FutexSignal condition = FanoutIdle.signal(region.memory(), 128);
            AtomicInteger checks = new AtomicInteger();
            assertTrue(FanoutIdle.await(condition, () -> checks.incrementAndGet() > 3, TimeUnit.SECONDS.toNanos(10)));
            assertEquals(4, checks.get(), "spun until ready, never slept");
            long started = System.nanoTime();
            assertFalse(FanoutIdle.await(condition, () -> false, TimeUnit.MILLISECONDS.toNanos(30)));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(30));
            assertEquals(FanoutIdle.ARMED, region.memory().getIntVolatile(128 + FanoutIdle.ARMED_WORD_OFFSET),
                    "the timed-out wait slept, so the signal is armed");
            FanoutIdle.prepareToWait(condition);
            assertEquals(FanoutIdle.ARMED, region.memory().getIntVolatile(128 + FanoutIdle.ARMED_WORD_OFFSET),
                    "preparing only wakes: no word changes");
        }
    }
}
