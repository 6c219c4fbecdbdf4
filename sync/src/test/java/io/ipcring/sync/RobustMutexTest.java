package io.ipcring.sync;

import static io.ipcring.sync.RobustMutex.LockResult.ACQUIRED;
import static io.ipcring.sync.RobustMutex.LockResult.ACQUIRED_FROM_DEAD_OWNER;
import static io.ipcring.sync.RobustMutex.LockResult.NOT_ACQUIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RobustMutexTest {
    private static final int OFFSET = ScratchRegion.BASE;
    private static final int COUNTER = OFFSET + 64;

    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();
    private final RobustMutex mutex = RobustMutex.initialize(memory, OFFSET);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        region.close();
    }

    private static long myOwnerWord() {
        return ProcessIdentity.current().pack();
    }

    private long lockWord() {
        return memory.getLongVolatile(OFFSET + RobustMutexLayout.LOCK_WORD_OFFSET);
    }

    /** Locks on another thread and keeps the lock until the returned latch is counted down. */
    private CountDownLatch holdOnAnotherThread() throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.submit(() -> {
            mutex.lock();
            locked.countDown();
            release.await();
            mutex.unlock();
            return null;
        });
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        return release;
    }

    @Test
    void uncontendedLockStoresThisProcessAsOwnerWithoutTheContendedBit() throws Exception {
        assertFalse(mutex.isLocked());
        assertEquals(0, mutex.ownerPid());
        assertEquals(ACQUIRED, mutex.lock());
        assertEquals(myOwnerWord(), lockWord(), "no CONTENDED bit: unlock will make no system call");
        assertTrue(mutex.isLocked());
        assertTrue(mutex.isHeldByCurrentThread());
        assertEquals(ProcessHandle.current().pid(), mutex.ownerPid());
        mutex.unlock();
        assertEquals(RobustMutexLayout.FREE, lockWord());
        assertFalse(mutex.isHeldByCurrentThread());
        assertEquals(ACQUIRED, mutex.tryLock());
        mutex.unlock();
        assertEquals(ACQUIRED, mutex.tryLock(1, TimeUnit.SECONDS));
        mutex.unlock();
    }

    @Test
    void tryLockFailsWhileAnotherThreadHolds() throws Exception {
        CountDownLatch release = holdOnAnotherThread();
        assertEquals(NOT_ACQUIRED, mutex.tryLock());
        long start = System.nanoTime();
        assertEquals(NOT_ACQUIRED, mutex.tryLock(50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "waited the whole timeout");
        assertEquals(NOT_ACQUIRED, mutex.tryLock(0, TimeUnit.SECONDS));
        assertFalse(mutex.isHeldByCurrentThread());
        release.countDown();
        assertEquals(ACQUIRED, mutex.tryLock(10, TimeUnit.SECONDS));
        mutex.unlock();
    }

    @Test
    void aSleepingLockerMarksTheWordAndTheUnlockWakesIt() throws Exception {
        CountDownLatch release = holdOnAnotherThread();
        Future<RobustMutex.LockResult> waiter = threads.submit(() -> {
            RobustMutex.LockResult result = mutex.lock();
            mutex.unlock();
            return result;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((lockWord() & RobustMutexLayout.CONTENDED) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(myOwnerWord() | RobustMutexLayout.CONTENDED, lockWord(), "the waiter marked the word");
        release.countDown();
        assertEquals(ACQUIRED, waiter.get(10, TimeUnit.SECONDS));
        assertEquals(RobustMutexLayout.FREE, lockWord());
    }

    @Test
    void threadsIncrementingAPlainCounterUnderTheLockLoseNothing() throws Exception {
        int threadCount = 4;
        int increments = 20_000;
        List<Future<?>> workers = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(threadCount);
        for (int t = 0; t < threadCount; t++) {
            workers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < increments; i++) {
                    mutex.lock();
                    memory.putLong(COUNTER, memory.getLong(COUNTER) + 1);
                    mutex.unlock();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(50, TimeUnit.SECONDS);
        }
        assertEquals((long) threadCount * increments, memory.getLongVolatile(COUNTER));
        assertEquals(RobustMutexLayout.FREE, lockWord());
    }

    @Test
    void unlockByAThreadThatDoesNotHoldTheLockIsRejected() throws Exception {
        assertThrows(IllegalMonitorStateException.class, mutex::unlock, "free lock");
        CountDownLatch release = holdOnAnotherThread();
        long held = lockWord();
        IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, mutex::unlock);
        assertTrue(e.getMessage().contains("owner pid=" + ProcessHandle.current().pid()), e.getMessage());
        assertEquals(held, lockWord(), "the lock is untouched");
        release.countDown();
    }

    @Test
    void lockingAgainFromTheHoldingThreadIsRejected() throws Exception {
        mutex.lock();
        assertThrows(IllegalMonitorStateException.class, mutex::lock);
        assertThrows(IllegalMonitorStateException.class, mutex::tryLock);
        assertThrows(IllegalMonitorStateException.class, () -> mutex.tryLock(1, TimeUnit.SECONDS));
        assertTrue(mutex.isHeldByCurrentThread());
        mutex.unlock();
    }

    @Test
    void anyInstanceOverTheSameMemoryIsTheSameLock() throws Exception {
        RobustMutex other = RobustMutex.attach(memory, OFFSET);
        assertEquals(ACQUIRED, mutex.lock());
        assertTrue(other.isHeldByCurrentThread());
        assertEquals(NOT_ACQUIRED, threads.submit(() -> other.tryLock()).get());
        other.unlock();
        assertFalse(mutex.isLocked());
    }

    @Test
    void aWaitingLockIsInterruptible() throws Exception {
        CountDownLatch release = holdOnAnotherThread();
        CompletableFuture<Thread> waitingThread = new CompletableFuture<>();
        Future<Boolean> waiter = threads.submit(() -> {
            waitingThread.complete(Thread.currentThread());
            try {
                mutex.lock();
                return false;
            } catch (InterruptedException e) {
                return !mutex.isHeldByCurrentThread();
            }
        });
        Thread.sleep(50);
        waitingThread.get().interrupt();
        assertTrue(waiter.get(10, TimeUnit.SECONDS), "InterruptedException, lock not taken");
        Future<Boolean> timedWaiter = threads.submit(() -> {
            Thread.currentThread().interrupt();
            try {
                mutex.tryLock(10, TimeUnit.SECONDS);
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        assertTrue(timedWaiter.get(10, TimeUnit.SECONDS));
        release.countDown();
    }

    @Test
    void anInterruptedThreadDoesNotLockEvenAFreeLock() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, mutex::lock);
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was consumed");
        assertFalse(mutex.isLocked());
    }

    @Test
    void anUninterruptibleLockIgnoresAnInterruptAndLeavesItSet() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertEquals(ACQUIRED, mutex.tryLockUninterruptibly(1, TimeUnit.SECONDS), "a free lock is taken");
            mutex.unlock();
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left for the caller");
        } finally {
            Thread.interrupted();
        }
        CountDownLatch release = holdOnAnotherThread();
        Thread.currentThread().interrupt();
        try {
            assertEquals(NOT_ACQUIRED, mutex.tryLockUninterruptibly(50, TimeUnit.MILLISECONDS),
                    "waits out its timeout on a held lock instead of throwing");
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
            release.countDown();
        }
    }

    @Test
    void aDeadOwnersLockIsTakenOverAndTheNewOwnerIsTold() throws Exception {
        ProcessIdentity dead = DeadProcess.identity();
        long deadWord = dead.pack();
        for (int round = 0; round < 3; round++) {
            memory.putLongVolatile(OFFSET, deadWord | RobustMutexLayout.CONTENDED);
            assertTrue(mutex.isLocked());
            assertEquals(dead.pid(), mutex.ownerPid());
            RobustMutex.LockResult result = round == 0 ? mutex.lock()
                    : round == 1 ? mutex.tryLock() : mutex.tryLock(10, TimeUnit.SECONDS);
            assertEquals(ACQUIRED_FROM_DEAD_OWNER, result, "round " + round);
            assertTrue(result.isAcquired());
            assertTrue(mutex.isHeldByCurrentThread());
            assertEquals(myOwnerWord() | RobustMutexLayout.CONTENDED, lockWord(), "taken over, RECOVERING cleared");
            mutex.unlock();
            assertFalse(mutex.isLocked());
        }
    }

    @Test
    void anOwnerWithThisPidButAnotherStartTimeIsAnEarlierProcessAndDead() throws Exception {
        ProcessIdentity me = ProcessIdentity.current();
        memory.putLongVolatile(OFFSET, new ProcessIdentity(me.pid(), me.startTicks() + 1).pack());
        assertEquals(ACQUIRED_FROM_DEAD_OWNER, mutex.tryLock());
        mutex.unlock();
    }

    @Test
    void aTakeOverInterruptedHalfWayIsTakenOverAgain() throws Exception {
        ProcessIdentity dead = DeadProcess.identity();
        long deadRecoverer = dead.pack() | RobustMutexLayout.RECOVERING | RobustMutexLayout.CONTENDED;
        memory.putLongVolatile(OFFSET, deadRecoverer);
        assertEquals(ACQUIRED_FROM_DEAD_OWNER, mutex.lock());
        mutex.unlock();
    }

    @Test
    void aLiveOwnerInAnotherProcessIsNotTakenOver() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessIdentity alive = ProcessIdentity.of(other.pid());
            long aliveWord = alive.pack();
            memory.putLongVolatile(OFFSET, aliveWord);
            assertEquals(NOT_ACQUIRED, mutex.tryLock());
            assertEquals(NOT_ACQUIRED, mutex.tryLock(60, TimeUnit.MILLISECONDS), "spans several 20 ms liveness checks");
            assertEquals(aliveWord | RobustMutexLayout.CONTENDED, lockWord());
        } finally {
            other.destroyForcibly();
            assertTrue(other.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(ACQUIRED_FROM_DEAD_OWNER, mutex.tryLock(10, TimeUnit.SECONDS), "once that process died");
        mutex.unlock();
    }

    @Test
    void exactlyOneOfManyContendersTakesOverADeadOwner() throws Exception {
        ProcessIdentity dead = DeadProcess.identity();
        long deadWord = dead.pack();
        int contenders = 6;
        for (int round = 0; round < 20; round++) {
            memory.putLongVolatile(OFFSET, deadWord);
            CyclicBarrier start = new CyclicBarrier(contenders);
            List<Future<RobustMutex.LockResult>> attempts = new ArrayList<>();
            CountDownLatch allTried = new CountDownLatch(contenders);
            for (int c = 0; c < contenders; c++) {
                attempts.add(threads.submit(() -> {
                    start.await();
                    RobustMutex.LockResult result = mutex.tryLock();
                    allTried.countDown();
                    allTried.await();
                    if (result.isAcquired()) {
                        mutex.unlock();
                    }
                    return result;
                }));
            }
            int takeOvers = 0;
            for (Future<RobustMutex.LockResult> attempt : attempts) {
                RobustMutex.LockResult result = attempt.get(10, TimeUnit.SECONDS);
                assertTrue(result != ACQUIRED, "nobody may see the dead owner's lock as free");
                takeOvers += result == ACQUIRED_FROM_DEAD_OWNER ? 1 : 0;
            }
            assertEquals(1, takeOvers, "round " + round);
            assertFalse(mutex.isLocked());
        }
    }

    @Test
    void aCorruptedLockWordIsReportedNotWaitedOn() {
        // start ticks 5 (bits 24..), pid 0 (bits 2..23): no owner
        memory.putLongVolatile(OFFSET, RobustMutexLayout.CONTENDED | (5L << 24));
        IllegalStateException e = assertThrows(IllegalStateException.class, mutex::lock);
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        assertThrows(IllegalStateException.class, mutex::tryLock);
        assertThrows(IllegalStateException.class, () -> mutex.tryLock(1, TimeUnit.SECONDS));
    }

    @Test
    void placementIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> RobustMutex.attach(memory, OFFSET + 4));
        assertThrows(IndexOutOfBoundsException.class, () -> RobustMutex.attach(memory, 4096 - 8));
        assertThrows(IndexOutOfBoundsException.class, () -> RobustMutex.initialize(memory, -16));
        assertThrows(NullPointerException.class, () -> RobustMutex.attach(null, 0));
        RobustMutex.attach(memory, 4096 - RobustMutex.LENGTH).tryLock();
    }

    @Test
    void lockResultSaysWhetherTheLockWasTaken() {
        assertTrue(ACQUIRED.isAcquired());
        assertTrue(ACQUIRED_FROM_DEAD_OWNER.isAcquired());
        assertFalse(NOT_ACQUIRED.isAcquired());
    }

    @Test
    void tryLockRejectsANullUnit() {
        assertThrows(NullPointerException.class, () -> mutex.tryLock(1, null));
    }
}
