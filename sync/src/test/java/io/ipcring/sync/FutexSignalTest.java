package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.FutexSignal.Waiters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FutexSignalTest {
    private static final int WORD = ScratchRegion.BASE;
    private static final int FLAGS = ScratchRegion.BASE + 64;
    private static final int ARMED = 1 << 3;
    private static final int OTHER_FLAG = 1;
    private static final int STATE = ScratchRegion.BASE + 128;
    /** Long enough that only a wake-up, never a slice's end, finishes a test in time. */
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();

    @AfterEach
    void close() {
        region.close();
    }

    private FutexSignal signal(Waiters waiters) {
        return new FutexSignal(memory, WORD, FLAGS, ARMED, waiters, 0, HOUR, HOUR);
    }

    private boolean stateSet() {
        return memory.getIntAcquire(STATE) == 1;
    }

    private void awaitAnnounced() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (memory.getIntVolatile(WORD) != FutexSignal.SLEEPING) {
            assertTrue(System.nanoTime() < deadline, "the waiter never announced itself");
            Thread.onSpinWait();
        }
    }

    private CompletableFuture<Boolean> waitInAnotherThread(FutexSignal signal) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return signal.await(this::stateSet, Deadline.never());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable).start());
    }

    @Test
    void whileNobodyEverSleptASignalTouchesNeitherWordNorTheKernel() {
        FutexSignal signal = new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE);
        memory.putIntVolatile(WORD, FutexSignal.SLEEPING);
        assertFalse(signal.signal(), "not armed: no wake");
        assertEquals(FutexSignal.SLEEPING, memory.getIntVolatile(WORD), "not armed: the word is not even read-modified");
    }

    @Test
    void aWaitThatFindsTheStateReadyNeverArms() throws Exception {
        FutexSignal signal = signal(Waiters.ONE);
        memory.putIntVolatile(STATE, 1);
        assertTrue(signal.await(this::stateSet, Deadline.never()));
        assertEquals(0, memory.getIntVolatile(FLAGS));
        assertEquals(0, memory.getIntVolatile(WORD));
    }

    @Test
    void aTimedOutWaitArmsKeepsTheFlagWordsOtherBitsAndASingleWaiterClearsItsAnnouncement() throws Exception {
        memory.putIntVolatile(FLAGS, OTHER_FLAG);
        FutexSignal signal = new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE, 0, 1_000_000L, 1_000_000L);
        assertFalse(signal.await(this::stateSet, Deadline.after(20, TimeUnit.MILLISECONDS)));
        assertEquals(OTHER_FLAG | ARMED, memory.getIntVolatile(FLAGS));
        assertEquals(0, memory.getIntVolatile(WORD), "the single waiter cleared its announcement");
        assertFalse(signal.signal(), "armed, but nobody announced: no wake");
    }

    @Test
    void aConditionThatBecomesTrueWhileTheWaiterSpinsNeverLetsItSleep() throws Exception {
        FutexSignal signal = new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE, HOUR, HOUR, HOUR);
        CompletableFuture<Boolean> waiter = waitInAnotherThread(signal);
        Thread.sleep(20); // far longer than the old hundred spins; well within this signal's spin
        memory.putIntRelease(STATE, 1);
        assertTrue(waiter.get(20, TimeUnit.SECONDS));
        assertEquals(0, memory.getIntVolatile(FLAGS), "never slept, so never armed");
        assertEquals(0, memory.getIntVolatile(WORD), "never announced");
    }

    @Test
    void aWaiterSpinsOncePerWaitNotAgainAfterEachSlice() throws Exception {
        FutexSignal signal = new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE, TimeUnit.MILLISECONDS.toNanos(20),
                1_000_000L, 1_000_000L);
        long[] checks = new long[2]; // all checks; checks before the first announcement
        boolean timedOut = !signal.await(() -> {
            if (checks[1] == 0 && memory.getIntVolatile(WORD) == FutexSignal.SLEEPING) {
                checks[1] = checks[0];
            }
            checks[0]++;
            return false;
        }, Deadline.after(300, TimeUnit.MILLISECONDS));
        assertTrue(timedOut);
        assertTrue(checks[1] > 0, "it slept after spinning");
        // Each slice adds two checks (before announcing and after); spinning 20 ms again after
        // each 1 ms slice would add about as many as the first spin, a dozen times over.
        assertTrue(checks[0] < 2 * checks[1] + 1_000, "checks=" + checks[0] + " of which " + checks[1]
                + " before the first sleep");
    }

    @Test
    void aSignalWakesTheSleepingWaiterWhichThenSeesTheState() throws Exception {
        FutexSignal signal = signal(Waiters.ONE);
        CompletableFuture<Boolean> waiter = waitInAnotherThread(signal);
        awaitAnnounced();
        // Past its re-check and into FUTEX_WAIT: a state stored before the re-check would be
        // seen by it, the announcement cleared, and no wake needed (the protocol's other branch).
        Thread.sleep(50);
        memory.putIntRelease(STATE, 1);
        assertTrue(signal.signal(), "an announced sleeper gets a FUTEX_WAKE");
        assertTrue(waiter.get(20, TimeUnit.SECONDS), "woken long before its one-hour slice ends");
        assertEquals(0, memory.getIntVolatile(WORD));
    }

    @Test
    void aSignalWakesEveryWaiterOfAManyWaitersSignal() throws Exception {
        FutexSignal shared = signal(Waiters.MANY);
        List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(waitInAnotherThread(signal(Waiters.MANY)));
        }
        awaitAnnounced();
        Thread.sleep(50);
        memory.putIntRelease(STATE, 1);
        shared.signal();
        for (CompletableFuture<Boolean> waiter : waiters) {
            assertTrue(waiter.get(20, TimeUnit.SECONDS), "every waiter woken long before its one-hour slice ends");
        }
    }

    @Test
    void wakeForCloseWakesASleeperWithoutChangingAnyWord() throws Exception {
        FutexSignal signal = signal(Waiters.MANY);
        AtomicInteger checks = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                signal.await(() -> checks.incrementAndGet() > 2 || stateSet(), Deadline.never());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        waiter.start();
        awaitAnnounced();
        int armedFlags = memory.getIntVolatile(FLAGS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waiter.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the sleeper was not woken by wakeForClose");
            signal.wakeForClose();
            assertEquals(FutexSignal.SLEEPING, memory.getIntVolatile(WORD), "wakeForClose leaves the word");
            waiter.join(10);
        }
        assertEquals(armedFlags, memory.getIntVolatile(FLAGS));
        assertEquals(null, failure.get());
    }

    @Test
    void theFirstSleepAfterArmingIsShortSoAMissedSignalCostsOnlyThatSleep() throws Exception {
        FutexSignal signal = new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE, 0, TimeUnit.SECONDS.toNanos(2), HOUR);
        AtomicInteger checks = new AtomicInteger();
        // ready at the third look (before sleeping, the re-check after announcing, after the first
        // sleep) and never signalled: as if the signaller had read the flag before it was armed
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.await(() -> checks.incrementAndGet() >= 3, Deadline.never());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable).start());
        assertTrue(waiter.get(30, TimeUnit.SECONDS), "re-checked after its short first sleep, not after an hour");
        assertEquals(3, checks.get());
    }

    @Test
    void anInterruptEndsTheWaitWithInterruptedException() throws Exception {
        FutexSignal signal = signal(Waiters.ONE);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                signal.await(this::stateSet, Deadline.never());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        awaitAnnounced();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waiter.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the interrupt was not noticed");
            waiter.interrupt();
            signal.wakeForClose();
            waiter.join(10);
        }
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    @Test
    void aPassedDeadlineLooksOnceAndAnInterruptedCallerThrows() throws Exception {
        FutexSignal signal = signal(Waiters.ONE);
        AtomicInteger checks = new AtomicInteger();
        assertFalse(signal.await(() -> checks.incrementAndGet() < 0, Deadline.now()));
        assertEquals(1, checks.get());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> signal.await(this::stateSet, Deadline.never()));
        assertFalse(Thread.currentThread().isInterrupted(), "the status is cleared");
    }

    @Test
    void sleepLastsAtMostUntilTheDeadlineAndHonoursInterruptsUnlessUninterruptible() throws Exception {
        long start = System.nanoTime();
        assertEquals(Futex.WaitResult.TIMED_OUT,
                FutexSignal.sleep(memory, WORD, 0, Deadline.after(5, TimeUnit.MILLISECONDS)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "a 5 ms deadline ends the sleep");
        assertEquals(Futex.WaitResult.VALUE_CHANGED, FutexSignal.sleepUninterruptibly(memory, WORD, 1, Deadline.never()));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> FutexSignal.sleep(memory, WORD, 0, Deadline.never()));
        assertFalse(Thread.currentThread().isInterrupted());
        Thread.currentThread().interrupt();
        assertEquals(Futex.WaitResult.TIMED_OUT, FutexSignal.sleepUninterruptibly(memory, WORD, 0, Deadline.now()));
        assertTrue(Thread.interrupted(), "status kept");
    }

    @Test
    void rejectsMisplacedWordsAndBadTimingWithTheirValues() {
        assertThrows(IllegalArgumentException.class, () -> new FutexSignal(memory, WORD + 2, FLAGS, ARMED, Waiters.ONE));
        assertThrows(IndexOutOfBoundsException.class,
                () -> new FutexSignal(memory, memory.capacity(), FLAGS, ARMED, Waiters.ONE));
        assertThrows(IllegalArgumentException.class, () -> new FutexSignal(memory, WORD, WORD, ARMED, Waiters.ONE));
        IllegalArgumentException bits = assertThrows(IllegalArgumentException.class,
                () -> new FutexSignal(memory, WORD, FLAGS, 3, Waiters.ONE));
        assertTrue(bits.getMessage().contains("armedBit=0x3"), bits.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FutexSignal(memory, WORD, FLAGS, 0, Waiters.ONE));
        assertThrows(IllegalArgumentException.class,
                () -> new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE, -1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE, 0, 2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new FutexSignal(memory, WORD, FLAGS, ARMED, Waiters.ONE, 0, 0, 1));
    }
}
