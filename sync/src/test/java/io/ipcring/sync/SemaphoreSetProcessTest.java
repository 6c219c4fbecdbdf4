package io.ipcring.sync;

import static io.ipcring.sync.SemaphoreSet.op;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SemaphoreSet} between processes: lists moving one unit from each of semaphores 0-3 to
 * each of 4-7 and back; no process ever sees one half applied (the sum of all values would
 * change). The values are large so that no side drains and the movers keep running through the
 * critical section rather than sleeping. The number of SIGKILL rounds comes from the system property
 * {@value #KILLS_PROPERTY} (default 4).
 */
@Timeout(180)
class SemaphoreSetProcessTest {
    /** System property: how many movers to kill in the crash test. */
    static final String KILLS_PROPERTY = "ipcring.test.semaphoreSetKills";
    private static final int OFFSET = ScratchRegion.BASE;
    private static final int INITIAL = 250_000_000;
    private static final long TOTAL = 8L * INITIAL;
    private static final String LOW = "0,1,2,3";
    private static final String HIGH = "4,5,6,7";

    private final ScratchRegion region = ScratchRegion.create(4096);
    private final SemaphoreSet set = SemaphoreSet.initialize(region.memory(), OFFSET,
            INITIAL, INITIAL, INITIAL, INITIAL, INITIAL, INITIAL, INITIAL, INITIAL);

    @AfterEach
    void close() {
        region.close();
    }

    private void assertSumKept(int[] values) {
        assertEquals(TOTAL, Arrays.stream(values).asLongStream().sum(), "a list was seen half applied: "
                + Arrays.toString(values));
    }

    @Test
    void listsAppliedByTwoProcessesAreNeverSeenHalfApplied() throws Exception {
        String path = region.path().toString();
        String offset = Integer.toString(OFFSET);
        String lists = "100000";
        int snapshots = 0;
        try (ChildJvm forward = ChildJvm.start(ChildJvmFlags.forIpcring(), SemaphoreSetChild.class, path, offset, LOW,
                HIGH, lists);
             ChildJvm backward = ChildJvm.start(ChildJvmFlags.forIpcring(), SemaphoreSetChild.class, path, offset,
                     HIGH, LOW, lists)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (forward.process().isAlive() || backward.process().isAlive()) {
                assertTrue(System.nanoTime() < deadline, "the children did not finish");
                assertSumKept(set.snapshot());
                snapshots++;
            }
            assertEquals(0, forward.waitFor(10, TimeUnit.SECONDS), forward.output());
            assertEquals(0, backward.waitFor(10, TimeUnit.SECONDS), backward.output());
        }
        assertTrue(snapshots > 0);
        int[] initial = new int[8];
        Arrays.fill(initial, INITIAL);
        assertArrayEquals(initial, set.snapshot(), "as many lists each way");
    }

    @Test
    void processesKilledWhileApplyingNeverLeaveAHalfAppliedList() throws Exception {
        String path = region.path().toString();
        String offset = Integer.toString(OFFSET);
        int rounds = Integer.getInteger(KILLS_PROPERTY, 4);
        for (int round = 0; round < rounds; round++) {
            boolean even = round % 2 == 0;
            try (ChildJvm mover = ChildJvm.start(ChildJvmFlags.forIpcring(), SemaphoreSetChild.class, path, offset,
                    even ? LOW : HIGH, even ? HIGH : LOW, "forever")) {
                int start = set.value(0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int[] values = set.snapshot();
                while (Math.abs(values[0] - start) < 10_000) {
                    assertTrue(System.nanoTime() < deadline, "the mover never got going: " + mover.output());
                    assertSumKept(values);
                    Thread.sleep(1);
                    values = set.snapshot();
                }
                // Let it run alone, uncontended, so that it spends most of its time inside apply:
                // most kills land while it holds the internal lock, some inside the redo-log window.
                Thread.sleep(5 + round * 3);
                mover.kill();
            }
            assertSumKept(set.snapshot());
            assertTrue(set.tryApply(10, TimeUnit.SECONDS, op(0, -1), op(7, 1)), "usable after the kill");
            assertTrue(set.tryApply(10, TimeUnit.SECONDS, op(7, -1), op(0, 1)));
        }
    }
}
