package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueWaitTest {
    private static final long SLICE = TimeUnit.MILLISECONDS.toNanos(10);

    private final List<Long> waits = new ArrayList<>();

    private QueueWait.Attempt succeedingOnTry(int n) {
        return waitNanos -> {
            waits.add(waitNanos);
            return waits.size() == n;
        };
    }

    @Test
    void triesUntilATrySucceedsWaitingInTheKernelASliceAtATime() throws InterruptedException {
        QueueWait wait = QueueWait.inKernel(SLICE, "sending to q", "room in q");
        assertTrue(wait.await(succeedingOnTry(3), 10, TimeUnit.SECONDS));
        assertEquals(3, waits.size());
        for (long w : waits) {
            assertTrue(w > 0 && w <= SLICE, "each try waits at most a slice: " + w);
        }
    }

    @Test
    void aZeroTimeoutTriesOnceWithoutWaiting() throws InterruptedException {
        QueueWait wait = QueueWait.inKernel(SLICE, "sending to q", "room in q");
        assertFalse(wait.await(succeedingOnTry(2), 0, TimeUnit.SECONDS));
        assertEquals(List.of(0L), waits);
    }

    @Test
    void aBackingOffWaitNeverLetsATryWaitAndGivesUpAtTheDeadline() throws InterruptedException {
        QueueWait wait = QueueWait.backingOff("receiving from q", "a message from q");
        assertFalse(wait.await(succeedingOnTry(Integer.MAX_VALUE), 20, TimeUnit.MILLISECONDS));
        assertTrue(waits.size() > 1, "retried: " + waits.size());
        assertTrue(waits.stream().allMatch(w -> w == 0), "IPC_NOWAIT tries");
    }

    @Test
    void anInterruptBeforeTheFirstTryIsReportedWithoutTrying() {
        QueueWait wait = QueueWait.inKernel(SLICE, "sending to q", "room in q");
        Thread.currentThread().interrupt();
        InterruptedException e = assertThrows(InterruptedException.class, () -> wait.await(succeedingOnTry(1), 1, TimeUnit.SECONDS));
        assertEquals("interrupted before sending to q", e.getMessage());
        assertEquals(List.of(), waits);
    }

    @Test
    void anInterruptBetweenTriesEndsTheWait() {
        QueueWait wait = QueueWait.backingOff("receiving from q", "a message from q");
        QueueWait.Attempt interrupting = waitNanos -> {
            waits.add(waitNanos);
            Thread.currentThread().interrupt();
            return false;
        };
        InterruptedException e = assertThrows(InterruptedException.class, () -> wait.await(interrupting, 10, TimeUnit.SECONDS));
        assertEquals("interrupted while waiting for a message from q", e.getMessage());
        assertEquals(1, waits.size());
        assertFalse(Thread.interrupted(), "the status is consumed by the exception");
    }
}
