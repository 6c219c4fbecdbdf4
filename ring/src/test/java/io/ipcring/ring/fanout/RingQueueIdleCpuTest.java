package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A consumer blocked in take() sleeps on the futex: its process uses (almost) no CPU. */
class RingQueueIdleCpuTest {
    static final long IDLE_SECONDS = 5;
    /** 2% of a core over the idle period. */
    static final long CPU_BUDGET_MILLIS = IDLE_SECONDS * 1000 / 50;

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    /** @return the not-empty signal's futex word: {@link FutexSignal#SLEEPING} while a taker announced a sleep */
    private static int sleepers(WorkQueueRing ring) {
        return ring.memory().getIntVolatile(WorkQueueRingDescriptor.NOT_EMPTY_OFFSET);
    }

    @Test
    void aConsumerBlockedInTakeForFiveSecondsUsesLessThanTwoPercentOfACore() throws Exception {
        Path path = paths.next("idle");
        try (RingQueue<String> queue = RingQueue.open(path, 4, 64, StringCodec.INSTANCE);
             WorkQueueRing ring = WorkQueueRing.open(path);
             ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), IdleTakerMain.class, path.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!child.output().contains("TAKING") || sleepers(ring) == 0) {
                assertTrue(System.nanoTime() < deadline, "the child never blocked: " + child.output());
                Thread.sleep(10);
            }
            Thread.sleep(2000); // let the child's JIT compiler threads settle
            ProcessHandle process = child.process().toHandle();
            Duration before = process.info().totalCpuDuration().orElseThrow();
            Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
            Duration after = process.info().totalCpuDuration().orElseThrow();
            assertEquals(FutexSignal.SLEEPING, sleepers(ring), "still blocked in take()");
            long used = after.minus(before).toMillis();
            assertTrue(used < CPU_BUDGET_MILLIS, "the blocked consumer's process used " + used + " ms of CPU in "
                    + IDLE_SECONDS + " s (budget " + CPU_BUDGET_MILLIS + " ms)");
            queue.put("wake");
            assertEquals(0, child.waitFor(30, TimeUnit.SECONDS), child.output());
            assertTrue(child.output().contains("TOOK wake"), child.output());
        }
    }
}
