package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RobustMutex} between processes. The increments per process come from the system property
 * {@value #INCREMENTS_PROPERTY} (default 1,000,000, the figure).
 */
@Timeout(300)
class RobustMutexProcessTest {
    /** System property: increments per process in the counter test. */
    static final String INCREMENTS_PROPERTY = "ipcring.test.mutexIncrements";

    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();
    private final RobustMutex mutex = RobustMutex.initialize(memory, MutexChild.MUTEX);

    @AfterEach
    void close() {
        region.close();
    }

    @Test
    void twoProcessesIncrementingAPlainCounterUnderTheLockLoseNothing() throws Exception {
        long increments = Long.getLong(INCREMENTS_PROPERTY, 1_000_000L);
        SharedLatch.initialize(memory, MutexChild.START, 2);
        String path = region.path().toString();
        try (ChildJvm first = ChildJvm.start(ChildJvmFlags.forIpcring(), MutexChild.class, path, "count",
                Long.toString(increments));
             ChildJvm second = ChildJvm.start(ChildJvmFlags.forIpcring(), MutexChild.class, path, "count",
                     Long.toString(increments))) {
            assertEquals(0, first.waitFor(240, TimeUnit.SECONDS), first.output());
            assertEquals(0, second.waitFor(240, TimeUnit.SECONDS), second.output());
        }
        assertEquals(2 * increments, memory.getLongVolatile(MutexChild.COUNTER));
        assertFalse(mutex.isLocked());
    }

    @Test
    void aLockHeldByAKilledProcessIsRecoveredAndTheRecovererIsTold() throws Exception {
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), MutexChild.class, region.path().toString(),
                "hold")) {
            awaitOwner(child);
            assertEquals(RobustMutex.LockResult.NOT_ACQUIRED, mutex.tryLock(), "the child holds it");
            child.kill();
            assertEquals(RobustMutex.LockResult.ACQUIRED_FROM_DEAD_OWNER, mutex.tryLock(30, TimeUnit.SECONDS));
            assertTrue(mutex.isHeldByCurrentThread());
            mutex.unlock();
            assertEquals(RobustMutex.LockResult.ACQUIRED, mutex.tryLock(), "an ordinary lock afterwards");
            mutex.unlock();
        }
    }

    @Test
    void aLockerAlreadyAsleepWhenTheOwnerIsKilledTakesOver() throws Exception {
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), MutexChild.class, region.path().toString(),
                "hold")) {
            awaitOwner(child);
            CompletableFuture<RobustMutex.LockResult> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    RobustMutex.LockResult result = mutex.lock();
                    mutex.unlock();
                    return result;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((memory.getLongVolatile(MutexChild.MUTEX) & RobustMutexLayout.CONTENDED) == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertFalse(waiter.isDone(), "waits while the owner lives");
            child.kill();
            assertEquals(RobustMutex.LockResult.ACQUIRED_FROM_DEAD_OWNER, waiter.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void anotherProcessCannotUnlockALockHeldHere() throws Exception {
        assertEquals(RobustMutex.LockResult.ACQUIRED, mutex.lock());
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), MutexChild.class, region.path().toString(),
                "unlock")) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertEquals("REJECTED", child.output().strip());
        }
        assertTrue(mutex.isHeldByCurrentThread());
        mutex.unlock();
    }

    private void awaitOwner(ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (mutex.ownerPid() != child.pid()) {
            assertTrue(System.nanoTime() < deadline, "the child never locked: " + child.output());
            assertTrue(child.process().isAlive(), "the child died: " + child.output());
            Thread.sleep(5);
        }
    }
}
