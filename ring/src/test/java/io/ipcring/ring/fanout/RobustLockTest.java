package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import io.ipcring.ring.TestThreads;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedRegion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RobustLockTest {
    static final int WORD = 128;
    private final TestPaths paths = new TestPaths();
    private SharedRegion region;
    private MappedMemory memory;
    private RobustLock lock;

    @BeforeEach
    void create() {
        region = SharedRegion.create(paths.next("lock"), new RegionFormat(0x7E5C, 1, "lock-test"), 4096,
                RegionAccess.OWNER, m -> { });
        memory = region.memory();
        lock = new RobustLock(memory, region.path(), WORD, "test");
    }

    @AfterEach
    void delete() {
        region.close();
        paths.close();
    }

    @Test
    void excludesOtherHoldersUntilUnlocked() throws Exception {
        assertTrue(lock.tryLock());
        assertEquals(PackedIdentity.current(), memory.getLongVolatile(WORD));
        assertFalse(lock.tryLock(), "not reentrant, and another thread of this process is excluded too");
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> lock.lock(TimeUnit.SECONDS.toNanos(20)), TestThreads.NEW_THREAD);
        Thread.sleep(50);
        assertFalse(waiter.isDone());
        lock.unlock();
        waiter.get(20, TimeUnit.SECONDS);
        lock.unlock();
        assertEquals(0, memory.getLongVolatile(WORD));
    }

    @Test
    void aLockHeldByADeadProcessIsTakenOver() {
        memory.putLongVolatile(WORD, DeadIdentities.deadIdentity());
        assertTrue(lock.tryLock());
        lock.unlock();
        memory.putLongVolatile(WORD, DeadIdentities.deadIdentity());
        lock.lock(TimeUnit.SECONDS.toNanos(20));
        assertEquals(PackedIdentity.current(), memory.getLongVolatile(WORD));
    }

    @Test
    void waitingForALiveHolderTimesOutWithItsPid() {
        assertTrue(lock.tryLock());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lock.lock(TimeUnit.MILLISECONDS.toNanos(30)));
        assertTrue(e.getMessage().contains("pid=" + ProcessHandle.current().pid()), e.getMessage());
    }
}
