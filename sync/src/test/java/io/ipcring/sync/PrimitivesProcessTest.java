package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counting semaphore, event, latch and seqlock between two processes. */
@Timeout(120)
class PrimitivesProcessTest {
    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();

    @AfterEach
    void close() {
        region.close();
    }

    @Test
    void semaphoreEventAndLatchWakeSleepersInTheOtherProcess() throws Exception {
        CountingSemaphore semaphore = CountingSemaphore.initialize(memory, SignalChild.SEMAPHORE, 0);
        Event event = Event.initialize(memory, SignalChild.EVENT, false);
        SharedLatch latch = SharedLatch.initialize(memory, SignalChild.LATCH, 1);
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), SignalChild.class, region.path().toString())) {
            awaitWord(SignalChild.EVENT, EventLayout.RESET_WITH_SLEEPERS, child);
            event.set();
            awaitWord(SignalChild.SEMAPHORE + CountingSemaphoreLayout.WAITERS_OFFSET, 1, child);
            for (int i = 0; i < 3; i++) {
                semaphore.release();
            }
            assertTrue(latch.await(30, TimeUnit.SECONDS), "the child counted down: " + child.output());
            assertTrue(semaphore.tryAcquire(2, 30, TimeUnit.SECONDS), "the child released two: " + child.output());
            assertEquals(0, child.waitFor(30, TimeUnit.SECONDS), child.output());
        }
        assertEquals(0, semaphore.availablePermits());
        assertEquals(0, memory.getIntVolatile(SignalChild.SEMAPHORE + CountingSemaphoreLayout.WAITERS_OFFSET));
    }

    @Test
    void aReaderNeverAcceptsATornSnapshotOfAnotherProcessesWrites() throws Exception {
        int offset = ScratchRegion.BASE;
        SeqLock lock = SeqLock.initialize(memory, offset, 8);
        long[] snapshot = new long[8];
        long consistent = 0;
        try (ChildJvm writer = ChildJvm.start(ChildJvmFlags.forIpcring(), SeqLockChild.class, region.path().toString(),
                Integer.toString(offset), "2000000")) {
            long last = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
            while (writer.process().isAlive()) {
                assertTrue(System.nanoTime() < deadline, "the writer did not finish");
                if (lock.trySnapshot(snapshot)) {
                    for (long word : snapshot) {
                        assertEquals(snapshot[0], word, "torn snapshot accepted");
                    }
                    assertTrue(snapshot[0] >= last, "went back in time");
                    last = snapshot[0];
                    consistent++;
                }
            }
            assertEquals(0, writer.waitFor(10, TimeUnit.SECONDS), writer.output());
        }
        assertTrue(lock.snapshot(snapshot, 1, TimeUnit.SECONDS));
        assertEquals(2_000_000L, snapshot[7]);
        assertTrue(consistent > 0);
    }

    private void awaitWord(int offset, int value, ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (memory.getIntVolatile(offset) != value) {
            assertTrue(System.nanoTime() < deadline, "word at " + offset + " never became " + value + ": " + child.output());
            assertTrue(child.process().isAlive(), "the child died: " + child.output());
            Thread.sleep(1);
        }
    }
}
