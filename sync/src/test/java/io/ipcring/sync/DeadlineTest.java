package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeadlineTest {
    @Test
    void neverDoesNotExpireAndNowAndNonPositiveTimeoutsHaveExpired() {
        assertFalse(Deadline.expired(Deadline.never()));
        assertTrue(Deadline.expired(Deadline.now()));
        assertTrue(Deadline.expired(Deadline.after(0, TimeUnit.SECONDS)));
        assertTrue(Deadline.expired(Deadline.after(-5, TimeUnit.SECONDS)));
        assertTrue(Deadline.remaining(Deadline.after(-5, TimeUnit.SECONDS)) <= 0);
    }

    @Test
    void aTimedDeadlineExpiresAfterItsTimeout() throws InterruptedException {
        long deadline = Deadline.after(20, TimeUnit.MILLISECONDS);
        assertFalse(Deadline.expired(deadline));
        assertTrue(Deadline.remaining(deadline) <= TimeUnit.MILLISECONDS.toNanos(20));
        Thread.sleep(25);
        assertTrue(Deadline.expired(deadline));
        assertThrows(NullPointerException.class, () -> Deadline.after(1, null));
    }

    @Test
    void hugeTimeoutsAreCutToTheOneCapAndNeverWrapIntoThePast() {
        for (TimeUnit unit : TimeUnit.values()) {
            long remaining = Deadline.remaining(Deadline.after(Long.MAX_VALUE, unit));
            assertTrue(remaining > Deadline.MAX_TIMEOUT_NANOS - TimeUnit.SECONDS.toNanos(10)
                    && remaining <= Deadline.MAX_TIMEOUT_NANOS, unit + ": remaining=" + remaining);
        }
        long never = Deadline.remaining(Deadline.never());
        assertTrue(never > Deadline.MAX_TIMEOUT_NANOS - TimeUnit.SECONDS.toNanos(10), "never: remaining=" + never);
    }

    @Test
    void backoffParksOnceTheSpinBudgetIsSpentForAboutTheTimeWaitedBeyondItAtMostMaxPark() {
        long waitedBeyondBudget = TimeUnit.MILLISECONDS.toNanos(30);
        long since = System.nanoTime() - SpinBudget.nanos() - waitedBeyondBudget;
        long before = System.nanoTime();
        Deadline.backoff(since, SpinBudget.CLOCK_INTERVAL, TimeUnit.SECONDS.toNanos(10));
        assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(25),
                "parked about as long as it had waited beyond the budget");
        before = System.nanoTime();
        Deadline.backoff(since - TimeUnit.SECONDS.toNanos(100), SpinBudget.CLOCK_INTERVAL, Deadline.MAX_PARK_NANOS);
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5), "a park is at most maxParkNanos");
    }
}
