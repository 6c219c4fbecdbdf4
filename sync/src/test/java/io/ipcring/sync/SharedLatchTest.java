package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SharedLatchTest {
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

    private void awaitSleeperMark() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((memory.getIntVolatile(OFFSET) & SharedLatchLayout.SLEEPERS) == 0) {
            assertTrue(System.nanoTime() < deadline, "no waiter marked the latch");
            Thread.sleep(1);
        }
    }

    @Test
    void countsDownToZeroAndStaysThere() throws Exception {
        SharedLatch latch = SharedLatch.initialize(memory, OFFSET, 2);
        assertEquals(2, latch.count());
        assertFalse(latch.await(20, TimeUnit.MILLISECONDS));
        latch.countDown();
        assertEquals(1, latch.count());
        latch.countDown();
        assertEquals(0, latch.count());
        latch.await();
        latch.countDown();
        assertEquals(0, latch.count(), "counting down at zero does nothing");
        assertTrue(latch.await(0, TimeUnit.SECONDS));
        assertEquals(0, memory.getIntVolatile(OFFSET), "no sleeper mark without sleepers");
    }

    @Test
    void aZeroLatchIsOpenFromTheStart() throws Exception {
        SharedLatch latch = SharedLatch.initialize(memory, OFFSET, 0);
        assertTrue(latch.await(0, TimeUnit.SECONDS));
    }

    @Test
    void theLastCountDownWakesEverySleeper() throws Exception {
        SharedLatch latch = SharedLatch.initialize(memory, OFFSET, 3);
        List<Future<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(threads.submit(() -> latch.await(30, TimeUnit.SECONDS)));
        }
        awaitSleeperMark();
        latch.countDown();
        latch.countDown();
        assertEquals(1, latch.count());
        Thread.sleep(30);
        for (Future<Boolean> waiter : waiters) {
            assertFalse(waiter.isDone(), "released before zero");
        }
        threads.submit(latch::countDown);
        for (Future<Boolean> waiter : waiters) {
            assertTrue(waiter.get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, memory.getIntVolatile(OFFSET), "the mark is cleared at zero");
    }

    @Test
    void aWaitingAwaitIsInterruptible() throws Exception {
        SharedLatch latch = SharedLatch.initialize(memory, OFFSET, 1);
        CompletableFuture<Thread> waitingThread = new CompletableFuture<>();
        Future<Boolean> waiter = threads.submit(() -> {
            waitingThread.complete(Thread.currentThread());
            try {
                latch.await();
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        awaitSleeperMark();
        waitingThread.get().interrupt();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        assertEquals(1, latch.count());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> latch.await(1, TimeUnit.SECONDS));
    }

    @Test
    void badArgumentsAndPlacementsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SharedLatch.initialize(memory, OFFSET, -1));
        assertThrows(IllegalArgumentException.class, () -> SharedLatch.attach(memory, OFFSET + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> SharedLatch.attach(memory, 4096));
        SharedLatch latch = SharedLatch.initialize(memory, OFFSET, SharedLatch.MAX_COUNT);
        assertEquals(SharedLatch.MAX_COUNT, SharedLatch.attach(memory, OFFSET).count());
        assertThrows(NullPointerException.class, () -> latch.await(1, null));
    }
}
