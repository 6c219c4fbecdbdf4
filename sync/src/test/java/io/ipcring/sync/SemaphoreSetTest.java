package io.ipcring.sync;

import static io.ipcring.sync.SemaphoreSet.op;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SemaphoreSetTest {
    private static final int OFFSET = ScratchRegion.BASE;

    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        region.close();
    }

    private int waiters() {
        return memory.getIntVolatile(OFFSET + SemaphoreSetLayout.WAITERS_OFFSET);
    }

    private void awaitWaiters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiters() != count) {
            assertTrue(System.nanoTime() < deadline, "waiters=" + waiters() + ", expected " + count);
            Thread.sleep(1);
        }
    }

    @Test
    void initialValuesAreReadBackAndAttachFindsTheSize() {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 3, 0, 7);
        assertEquals(3, set.count());
        assertArrayEquals(new int[] {3, 0, 7}, set.snapshot());
        assertEquals(7, set.value(2));
        SemaphoreSet attached = SemaphoreSet.attach(memory, OFFSET);
        assertEquals(3, attached.count());
        assertArrayEquals(new int[] {3, 0, 7}, attached.snapshot());
    }

    @Test
    void applyChangesEverySemaphoreOfTheList() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 5, 0, 1);
        set.apply(op(0, -2), op(1, 2), op(2, -1));
        assertArrayEquals(new int[] {3, 2, 0}, set.snapshot());
        assertEquals(0, memory.getIntVolatile(OFFSET + SemaphoreSetLayout.LOG_LENGTH_OFFSET), "log cleared");
        assertEquals(0, memory.getIntVolatile(OFFSET + SemaphoreSetLayout.CHANGE_SEQUENCE_OFFSET),
                "nobody waited: no bump, no wake");
    }

    @Test
    void aListThatCannotBeAppliedWholeChangesNothing() {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 1, 0);
        assertFalse(set.tryApply(op(0, 5), op(1, -1)));
        assertArrayEquals(new int[] {1, 0}, set.snapshot());
        assertFalse(set.tryApply(op(0, -1), op(0, -1)), "the second take of the same semaphore sees the first");
        assertArrayEquals(new int[] {1, 0}, set.snapshot());
    }

    @Test
    void zeroDeltaWaitsForZero() {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 0, 2);
        assertFalse(set.tryApply(op(1, 0)));
        assertTrue(set.tryApply(op(0, 0), op(1, -2)));
        assertTrue(set.tryApply(op(1, 0)));
        assertArrayEquals(new int[] {0, 0}, set.snapshot());
    }

    @Test
    void operationsOnOneSemaphoreApplyInOrder() {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 0);
        assertFalse(set.tryApply(op(0, -1), op(0, 1)), "take before give: blocked at the take");
        assertTrue(set.tryApply(op(0, 1), op(0, -1)), "give before take");
        assertEquals(0, set.value(0));
        assertTrue(set.tryApply(op(0, 3), op(0, -1), op(0, 2)));
        assertEquals(4, set.value(0));
    }

    @Test
    void applyWaitsUntilEveryOperationCanBeApplied() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 0, 0);
        Future<?> waiter = threads.submit(() -> {
            set.apply(op(0, -1), op(1, -1));
            return null;
        });
        awaitWaiters(1);
        set.apply(op(0, 1));
        Thread.sleep(30);
        assertFalse(waiter.isDone(), "one of two is not enough");
        assertArrayEquals(new int[] {1, 0}, set.snapshot(), "nothing taken while waiting");
        set.apply(op(1, 1));
        waiter.get(10, TimeUnit.SECONDS);
        assertArrayEquals(new int[] {0, 0}, set.snapshot());
        assertEquals(0, waiters());
    }

    @Test
    void aTimedApplyTimesOutAndUnregisters() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 0);
        long start = System.nanoTime();
        assertFalse(set.tryApply(40, TimeUnit.MILLISECONDS, op(0, -1)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40));
        assertFalse(set.tryApply(0, TimeUnit.MILLISECONDS, op(0, -1)));
        assertEquals(0, waiters());
        assertTrue(set.tryApply(10, TimeUnit.SECONDS, op(0, 1)));
        assertEquals(1, set.value(0));
    }

    @Test
    void aWaitingApplyIsInterruptibleAndAppliesNothing() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 0, 5);
        CompletableFuture<Thread> waitingThread = new CompletableFuture<>();
        Future<Boolean> waiter = threads.submit(() -> {
            waitingThread.complete(Thread.currentThread());
            try {
                set.apply(op(1, -5), op(0, -1));
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        awaitWaiters(1);
        waitingThread.get().interrupt();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        assertEquals(0, waiters());
        assertArrayEquals(new int[] {0, 5}, set.snapshot());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> set.apply(op(0, 1)));
        assertEquals(0, set.value(0), "an interrupted caller applies nothing");
    }

    @Test
    void aValueBeyondTheMaximumIsRejectedAndNothingIsApplied() {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, SemaphoreSet.MAX_VALUE - 1, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> set.tryApply(op(1, -1), op(0, 2)));
        assertTrue(e.getMessage().contains("MAX_VALUE"), e.getMessage());
        assertArrayEquals(new int[] {SemaphoreSet.MAX_VALUE - 1, 4}, set.snapshot());
        assertTrue(set.tryApply(op(0, 1)));
        assertEquals(SemaphoreSet.MAX_VALUE, set.value(0));
    }

    @Test
    void badArgumentsAreRejected() {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> op(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> op(0, Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> set.tryApply(op(2, 1)));
        assertThrows(IllegalArgumentException.class, () -> set.tryApply());
        assertThrows(IllegalArgumentException.class, () -> set.tryApply(new SemaphoreSet.Op[SemaphoreSet.MAX_OPS + 1]));
        assertThrows(NullPointerException.class, () -> set.tryApply((SemaphoreSet.Op[]) null));
        assertThrows(NullPointerException.class, () -> set.tryApply(op(0, 1), null));
        assertThrows(NullPointerException.class, () -> set.tryApply(1, null, op(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> set.value(2));
        assertThrows(IllegalArgumentException.class, () -> set.value(-1));
        assertThrows(IllegalArgumentException.class, () -> SemaphoreSet.initialize(memory, OFFSET, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> SemaphoreSet.initialize(memory, OFFSET));
        assertArrayEquals(new int[] {1, 1}, set.snapshot());
    }

    @Test
    void placementIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> SemaphoreSet.initialize(memory, OFFSET + 4, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> SemaphoreSet.initialize(memory, 4096 - 16, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> SemaphoreSet.attach(memory, 4096));
        SemaphoreSet.initialize(memory, 4096 - SemaphoreSet.length(3), 1, 2, 3).tryApply(op(2, -3));
    }

    @Test
    void attachRejectsAnUninitialisedOrCorruptedSize() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SemaphoreSet.attach(memory, OFFSET));
        assertTrue(e.getMessage().contains("count=0"), e.getMessage());
        SemaphoreSet.initialize(memory, OFFSET, 1, 2);
        memory.putInt(OFFSET + SemaphoreSetLayout.COUNT_OFFSET, 1000);
        e = assertThrows(IllegalStateException.class, () -> SemaphoreSet.attach(memory, OFFSET));
        assertTrue(e.getMessage().contains("count=1000"), e.getMessage());
    }

    @Test
    void anUpdateCutShortByItsHoldersDeathIsCompletedByTheNextUser() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 8, 5, 0);
        // A holder that died after logging "semaphore 0 -> 7, semaphore 2 -> 1" and writing only the first.
        int log = OFFSET + SemaphoreSetLayout.logOffset(3);
        memory.putInt(log, 0);
        memory.putInt(log + 4, 7);
        memory.putInt(log + 8, 2);
        memory.putInt(log + 12, 1);
        memory.putInt(OFFSET + SemaphoreSetLayout.LOG_LENGTH_OFFSET, 2);
        memory.putInt(OFFSET + SemaphoreSetLayout.VALUES_OFFSET, 7);
        holdInternalLockAsADeadProcess();
        assertArrayEquals(new int[] {7, 5, 1}, set.snapshot());
        assertEquals(0, memory.getIntVolatile(OFFSET + SemaphoreSetLayout.LOG_LENGTH_OFFSET));
        assertTrue(set.tryApply(op(2, -1)), "usable afterwards");
    }

    @Test
    void aHolderThatDiedBeforeLoggingLeavesTheValuesAlone() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 4, 4);
        int log = OFFSET + SemaphoreSetLayout.logOffset(2);
        memory.putInt(log, 1);
        memory.putInt(log + 4, 99);
        holdInternalLockAsADeadProcess();
        assertTrue(set.tryApply(op(0, -4)));
        assertArrayEquals(new int[] {0, 4}, set.snapshot(), "an entry without a count is not replayed");
    }

    @Test
    void aCorruptedRedoLogIsReportedAndTheInternalLockReleased() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 1, 1);
        memory.putInt(OFFSET + SemaphoreSetLayout.LOG_LENGTH_OFFSET, 1000);
        holdInternalLockAsADeadProcess();
        IllegalStateException e = assertThrows(IllegalStateException.class, set::snapshot);
        assertTrue(e.getMessage().contains("redo log length=1000"), e.getMessage());
        assertFalse(RobustMutex.attach(memory, OFFSET).isLocked(), "the internal lock was released");
        int log = OFFSET + SemaphoreSetLayout.logOffset(2);
        memory.putInt(OFFSET + SemaphoreSetLayout.LOG_LENGTH_OFFSET, 1);
        memory.putInt(log, 5);
        e = assertThrows(IllegalStateException.class, () -> set.tryApply(op(0, 1)));
        assertTrue(e.getMessage().contains("index=5"), e.getMessage());
        int values = OFFSET + SemaphoreSetLayout.VALUES_OFFSET;
        assertArrayEquals(new int[] {1, 1}, new int[] {memory.getInt(values), memory.getInt(values + 4)},
                "nothing written from a bad log");
    }

    @Test
    void corruptedValuesAndCountsAreReportedNotWaitedOn() {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 1, 1);
        memory.putInt(OFFSET + SemaphoreSetLayout.VALUES_OFFSET + 4, -3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.apply(op(1, -1)));
        assertTrue(e.getMessage().contains("value=-3"), e.getMessage());
        assertThrows(IllegalStateException.class, set::snapshot);
        memory.putInt(OFFSET + SemaphoreSetLayout.VALUES_OFFSET + 4, 1);
        memory.putInt(OFFSET + SemaphoreSetLayout.WAITERS_OFFSET, -1);
        e = assertThrows(IllegalStateException.class, () -> set.tryApply(op(0, 1)));
        assertTrue(e.getMessage().contains("waiters=-1"), e.getMessage());
        memory.putInt(OFFSET + SemaphoreSetLayout.WAITERS_OFFSET, 0);
        memory.putInt(OFFSET + SemaphoreSetLayout.COUNT_OFFSET, 3);
        e = assertThrows(IllegalStateException.class, () -> set.tryApply(op(0, 1)));
        assertTrue(e.getMessage().contains("count=3"), e.getMessage());
    }

    @Test
    void transfersBetweenThreadsNeverShowAPartialUpdate() throws Exception {
        SemaphoreSet set = SemaphoreSet.initialize(memory, OFFSET, 10, 10);
        AtomicBoolean running = new AtomicBoolean(true);
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<?>> movers = new ArrayList<>();
        for (int direction = 0; direction < 2; direction++) {
            int from = direction;
            int to = 1 - direction;
            movers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    set.apply(op(from, -1), op(to, 1));
                }
                return null;
            }));
        }
        Future<Integer> observer = threads.submit(() -> {
            start.await();
            int snapshots = 0;
            while (running.get()) {
                int[] values = set.snapshot();
                assertEquals(20, values[0] + values[1], "partial update seen");
                snapshots++;
            }
            return snapshots;
        });
        for (Future<?> mover : movers) {
            mover.get(50, TimeUnit.SECONDS);
        }
        running.set(false);
        assertTrue(observer.get(10, TimeUnit.SECONDS) > 0);
        int[] values = set.snapshot();
        assertEquals(20, values[0] + values[1]);
    }

    /** Makes the set's internal lock look held by a process that has died. */
    private void holdInternalLockAsADeadProcess() throws Exception {
        memory.putLongVolatile(OFFSET + SemaphoreSetLayout.LOCK_OFFSET, DeadProcess.packed());
    }
}
