package io.ipcring.sync;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CountingSemaphoreTest {
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
        return memory.getIntVolatile(OFFSET + CountingSemaphoreLayout.WAITERS_OFFSET);
    }

    private void awaitWaiters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiters() != count) {
            assertTrue(System.nanoTime() < deadline, "waiters=" + waiters() + ", expected " + count);
            Thread.sleep(1);
        }
    }

    @Test
    void acquireAndReleaseMovePermitsWithoutRegisteringWaiters() throws Exception {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 5);
        assertEquals(5, semaphore.availablePermits());
        semaphore.acquire(3);
        assertEquals(2, semaphore.availablePermits());
        semaphore.acquire();
        assertTrue(semaphore.tryAcquire(1));
        assertEquals(0, semaphore.availablePermits());
        semaphore.release(4);
        semaphore.release();
        assertEquals(5, semaphore.availablePermits());
        assertEquals(5L, memory.getLongVolatile(OFFSET), "no waiter registered: releases made no system call");
    }

    @Test
    void tryAcquireOfTooManyTakesNothing() throws Exception {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 2);
        assertFalse(semaphore.tryAcquire(3));
        long start = System.nanoTime();
        assertFalse(semaphore.tryAcquire(3, 40, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40), "waited the whole timeout");
        assertFalse(semaphore.tryAcquire(3, 0, TimeUnit.MILLISECONDS));
        assertEquals(2, semaphore.availablePermits());
        assertEquals(0, waiters(), "the timed-out waiter unregistered");
    }

    @Test
    void aWaiterForManyPermitsIsWokenWhenTheyArriveInPieces() throws Exception {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 0);
        Future<Boolean> waiter = threads.submit(() -> semaphore.tryAcquire(5, 30, TimeUnit.SECONDS));
        awaitWaiters(1);
        for (int i = 0; i < 4; i++) {
            semaphore.release();
            assertFalse(waiter.isDone());
        }
        semaphore.release(3);
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        assertEquals(2, semaphore.availablePermits());
        assertEquals(0, waiters());
    }

    @Test
    void aReleaseForOneWaiterDoesNotStrandAnother() throws Exception {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 0);
        Future<Boolean> big = threads.submit(() -> semaphore.tryAcquire(3, 30, TimeUnit.SECONDS));
        Future<Boolean> small = threads.submit(() -> semaphore.tryAcquire(1, 30, TimeUnit.SECONDS));
        awaitWaiters(2);
        semaphore.release(1);
        assertTrue(small.get(10, TimeUnit.SECONDS), "the small waiter got its permit");
        semaphore.release(3);
        assertTrue(big.get(10, TimeUnit.SECONDS), "the big waiter got its permits");
        assertEquals(0, semaphore.availablePermits());
    }

    @Test
    void permitsNeverGoNegativeAndBoundTheHolders() throws Exception {
        int permits = 3;
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, permits);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger mostHolders = new AtomicInteger();
        int threadCount = 6;
        CyclicBarrier start = new CyclicBarrier(threadCount);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            workers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 5_000; i++) {
                    semaphore.acquire();
                    mostHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                    assertTrue(semaphore.availablePermits() >= 0);
                    holders.decrementAndGet();
                    semaphore.release();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(50, TimeUnit.SECONDS);
        }
        assertTrue(mostHolders.get() <= permits, "at most " + permits + " holders, saw " + mostHolders.get());
        assertEquals(permits, semaphore.availablePermits());
        assertEquals(0, waiters());
    }

    @Test
    void releaseBeyondTheMaximumIsRejectedAndChangesNothing() {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, CountingSemaphore.MAX_PERMITS - 1);
        semaphore.release(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> semaphore.release(1));
        assertTrue(e.getMessage().contains("MAX_PERMITS"), e.getMessage());
        assertEquals(CountingSemaphore.MAX_PERMITS, semaphore.availablePermits());
        CountingSemaphore half = CountingSemaphore.initialize(memory, OFFSET + 8, 10);
        assertThrows(IllegalStateException.class, () -> half.release(Integer.MAX_VALUE - 5));
        assertEquals(10, half.availablePermits());
    }

    @Test
    void badCountsAreRejected() {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 1);
        assertThrows(IllegalArgumentException.class, () -> semaphore.acquire(0));
        assertThrows(IllegalArgumentException.class, () -> semaphore.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> semaphore.tryAcquire(0));
        assertThrows(IllegalArgumentException.class, () -> semaphore.tryAcquire(-2, 1, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> semaphore.release(0));
        assertThrows(IllegalArgumentException.class, () -> semaphore.release(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> CountingSemaphore.initialize(memory, OFFSET, -1));
        assertThrows(NullPointerException.class, () -> semaphore.tryAcquire(1, 1, null));
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void aWaitingAcquireIsInterruptibleAndUnregisters() throws Exception {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 0);
        CompletableFuture<Thread> waitingThread = new CompletableFuture<>();
        Future<Boolean> waiter = threads.submit(() -> {
            waitingThread.complete(Thread.currentThread());
            try {
                semaphore.acquire(2);
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        awaitWaiters(1);
        waitingThread.get().interrupt();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        assertEquals(0, waiters());
        semaphore.release(2);
        assertEquals(2, semaphore.availablePermits(), "the interrupted waiter took nothing");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> semaphore.acquire(1));
        assertEquals(2, semaphore.availablePermits(), "an interrupted caller takes nothing, even when available");
    }

    @Test
    void aCorruptedStateIsReportedNotWaitedOn() {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 1);
        memory.putIntVolatile(OFFSET + CountingSemaphoreLayout.PERMITS_OFFSET, -5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> semaphore.acquire(1));
        assertTrue(e.getMessage().contains("permits=-5") && e.getMessage().contains("corrupted"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> semaphore.tryAcquire(1));
        assertThrows(IllegalStateException.class, () -> semaphore.tryAcquire(1, 1, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, semaphore::release);
        assertThrows(IllegalStateException.class, semaphore::availablePermits);
        memory.putLongVolatile(OFFSET, 3L | (-1L << 32));
        e = assertThrows(IllegalStateException.class, () -> semaphore.acquire(1));
        assertTrue(e.getMessage().contains("waiters=-1"), e.getMessage());
    }

    @Test
    void attachSeesTheSameSemaphoreAndPlacementIsValidated() throws Exception {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, OFFSET, 2);
        CountingSemaphore other = CountingSemaphore.attach(memory, OFFSET);
        other.acquire(2);
        assertEquals(0, semaphore.availablePermits());
        assertThrows(IllegalArgumentException.class, () -> CountingSemaphore.attach(memory, OFFSET + 4));
        assertThrows(IndexOutOfBoundsException.class, () -> CountingSemaphore.attach(memory, 4096));
        assertThrows(IndexOutOfBoundsException.class, () -> CountingSemaphore.initialize(memory, -8, 0));
    }
}
