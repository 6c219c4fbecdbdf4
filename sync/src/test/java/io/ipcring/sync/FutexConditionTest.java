package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FutexConditionTest {
    static final RegionFormat FORMAT = new RegionFormat(0x7E57, 1, "futex-condition-test");
    static final int CONDITION = 64;
    static final int FLAG = 128;

    private Path path;
    private SharedRegion region;
    private FutexCondition condition;

    @BeforeEach
    void create() {
        path = SharedRegion.pathOf(TestPaths.uniqueName("condition"));
        region = SharedRegion.create(path, FORMAT, 4096, RegionAccess.OWNER, m -> { });
        condition = new FutexCondition(region.memory(), CONDITION);
    }

    @AfterEach
    void delete() {
        region.close();
        SharedRegion.delete(path);
    }

    @Test
    void returnsAtOnceWhenTheConditionHoldsAndLeavesNoWaiter() throws Exception {
        assertTrue(condition.await(() -> true, -1));
        assertEquals(0, condition.waiters());
    }

    @Test
    void timesOutWhenNothingChanges() throws Exception {
        assertFalse(condition.await(() -> false, TimeUnit.MILLISECONDS.toNanos(30)));
        assertEquals(0, condition.waiters());
    }

    @Test
    void signalWithoutWaitersIssuesNoWake() {
        int before = condition.sequence();
        assertFalse(condition.signalAll());
        assertEquals(before, condition.sequence(), "no waiter: sequence untouched, no futex call");
    }

    @Test
    void signalWakesAWaiterInAnotherThreadThatThenSeesTheState() throws Exception {
        MappedMemory memory = region.memory();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return condition.await(() -> memory.getIntAcquire(FLAG) == 1, TimeUnit.SECONDS.toNanos(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (condition.waiters() == 0) {
            Thread.onSpinWait();
        }
        memory.putIntRelease(FLAG, 1);
        assertTrue(condition.signalAll(), "a registered waiter gets a futex wake");
        assertTrue(waiter.get(20, TimeUnit.SECONDS));
        assertEquals(0, condition.waiters());
    }

    @Test
    void interruptEndsTheWaitWithInterruptedException() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                condition.await(() -> false, -1);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        while (condition.waiters() == 0) {
            Thread.onSpinWait();
        }
        thread.interrupt();
        thread.join(10_000);
        assertFalse(thread.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertEquals(0, condition.waiters());
    }

    @Test
    void aLongerSliceStillSeesAnUnsignalledChangeAndHonoursInterrupts() throws Exception {
        MappedMemory memory = region.memory();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return condition.await(() -> memory.getIntAcquire(FLAG) == 2, TimeUnit.SECONDS.toNanos(20),
                        TimeUnit.MILLISECONDS.toNanos(50));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitWaiter();
        memory.putIntRelease(FLAG, 2); // no signal: the waiter sees it at the end of its slice
        assertTrue(waiter.get(20, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> condition.await(() -> true, 1, 0));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                condition.await(() -> false, -1, TimeUnit.MILLISECONDS.toNanos(50));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        awaitWaiter();
        thread.interrupt();
        thread.join(10_000);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    private void awaitWaiter() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (condition.waiters() == 0) {
            assertTrue(System.nanoTime() < deadline, "no thread started waiting");
            Thread.sleep(1);
        }
    }

    @Test
    void signalFromAnotherProcessWakesTheWaiter() throws Exception {
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), Signaller.class, path.toString())) {
            assertTrue(condition.await(() -> region.memory().getIntAcquire(FLAG) == 1, TimeUnit.SECONDS.toNanos(60)),
                    "child output: " + child.output());
            assertEquals(0, child.waitFor(30, TimeUnit.SECONDS), child.output());
        }
    }

    @Test
    void rejectsMisalignedOrOutOfRangeOffsets() {
        assertThrows(IllegalArgumentException.class, () -> new FutexCondition(region.memory(), 2));
        assertThrows(IndexOutOfBoundsException.class, () -> new FutexCondition(region.memory(), 4092));
    }

    /** Child: waits until the parent registered as a waiter, sets the flag and signals. */
    public static final class Signaller {
        private Signaller() {
        }

        /** @param args the region path @throws Exception on failure */
        public static void main(String[] args) throws Exception {
            try (SharedRegion region = SharedRegion.open(Paths.get(args[0]), FORMAT)) {
                FutexCondition condition = new FutexCondition(region.memory(), CONDITION);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (condition.waiters() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                region.memory().putIntRelease(FLAG, 1);
                if (!condition.signalAll()) {
                    System.exit(2);
                }
            }
        }
    }
}
