package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeadlineTest {
    private static final int WORD = ScratchRegion.BASE;

    private final ScratchRegion region = ScratchRegion.create(4096);

    @AfterEach
    void close() {
        region.close();
    }

    @Test
    void noneNeverExpiresAndNowAlwaysHas() {
        assertFalse(Deadline.none().expired());
        assertFalse(Deadline.none().isNow());
        assertTrue(Deadline.now().expired());
        assertTrue(Deadline.now().isNow());
        assertTrue(Deadline.after(0, TimeUnit.SECONDS).isNow());
        assertTrue(Deadline.after(-5, TimeUnit.SECONDS).isNow());
    }

    @Test
    void aTimedDeadlineExpiresAfterItsTimeout() throws InterruptedException {
        Deadline deadline = Deadline.after(20, TimeUnit.MILLISECONDS);
        assertFalse(deadline.expired());
        Thread.sleep(25);
        assertTrue(deadline.expired());
        assertFalse(Deadline.after(Long.MAX_VALUE, TimeUnit.DAYS).expired(), "a huge timeout does not wrap around");
        assertThrows(NullPointerException.class, () -> Deadline.after(1, null));
    }

    @Test
    void aSleepLastsAtMostOneSlice() throws InterruptedException {
        long start = System.nanoTime();
        assertEquals(Futex.WaitResult.TIMED_OUT, Deadline.none().sleep(region.memory(), WORD, 0));
        long slept = System.nanoTime() - start;
        assertTrue(slept >= Deadline.SLICE_NANOS, "slept a whole slice");
        assertTrue(slept < TimeUnit.SECONDS.toNanos(5), "returned after the slice");
    }

    @Test
    void aSleepStopsAtTheDeadline() throws InterruptedException {
        Deadline deadline = Deadline.after(5, TimeUnit.MILLISECONDS);
        Thread.sleep(10);
        assertEquals(Futex.WaitResult.TIMED_OUT, deadline.sleepUninterruptibly(region.memory(), WORD, 0),
                "an expired deadline sleeps zero");
    }

    @Test
    void aSleepHonoursInterruptsButAnUninterruptibleOneKeepsTheStatus() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Deadline.none().sleep(region.memory(), WORD, 0));
        assertFalse(Thread.currentThread().isInterrupted());
        Thread.currentThread().interrupt();
        assertEquals(Futex.WaitResult.VALUE_CHANGED, Deadline.none().sleepUninterruptibly(region.memory(), WORD, 1));
        assertTrue(Thread.interrupted(), "status kept");
    }
}
