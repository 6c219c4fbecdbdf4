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
class EventTest {
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

    private void awaitState(int state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (memory.getIntVolatile(OFFSET) != state) {
            assertTrue(System.nanoTime() < deadline, "state=" + memory.getIntVolatile(OFFSET));
            Thread.sleep(1);
        }
    }

    @Test
    void aSetEventLetsEveryWaiterPassUntilReset() throws Exception {
        Event event = Event.initialize(memory, OFFSET, true);
        assertTrue(event.isSet());
        event.await();
        assertTrue(event.await(0, TimeUnit.SECONDS));
        event.reset();
        assertFalse(event.isSet());
        assertFalse(event.await(30, TimeUnit.MILLISECONDS));
        event.reset();
        event.set();
        event.set();
        assertTrue(event.await(0, TimeUnit.SECONDS));
        assertEquals(EventLayout.SET, memory.getIntVolatile(OFFSET), "no sleeper mark without sleepers");
    }

    @Test
    void aTimedOutAwaitWaitsTheWholeTimeout() throws Exception {
        Event event = Event.initialize(memory, OFFSET, false);
        long start = System.nanoTime();
        assertFalse(event.await(40, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40));
    }

    @Test
    void setWakesEverySleeper() throws Exception {
        Event event = Event.initialize(memory, OFFSET, false);
        List<Future<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(threads.submit(() -> event.await(30, TimeUnit.SECONDS)));
        }
        awaitState(EventLayout.RESET_WITH_SLEEPERS);
        Thread.sleep(30);
        for (Future<Boolean> waiter : waiters) {
            assertFalse(waiter.isDone());
        }
        event.set();
        for (Future<Boolean> waiter : waiters) {
            assertTrue(waiter.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void resetKeepsTheSleeperMarkSoALaterSetStillWakes() throws Exception {
        Event event = Event.initialize(memory, OFFSET, false);
        Future<Boolean> waiter = threads.submit(() -> event.await(30, TimeUnit.SECONDS));
        awaitState(EventLayout.RESET_WITH_SLEEPERS);
        event.reset();
        assertEquals(EventLayout.RESET_WITH_SLEEPERS, memory.getIntVolatile(OFFSET));
        event.set();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWaitingAwaitIsInterruptible() throws Exception {
        Event event = Event.initialize(memory, OFFSET, false);
        CompletableFuture<Thread> waitingThread = new CompletableFuture<>();
        Future<Boolean> waiter = threads.submit(() -> {
            waitingThread.complete(Thread.currentThread());
            try {
                event.await();
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        awaitState(EventLayout.RESET_WITH_SLEEPERS);
        waitingThread.get().interrupt();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> event.await(1, TimeUnit.SECONDS));
    }

    @Test
    void aCorruptedStateIsReportedNotWaitedOn() {
        Event event = Event.initialize(memory, OFFSET, false);
        memory.putIntVolatile(OFFSET, 7);
        IllegalStateException e = assertThrows(IllegalStateException.class, event::await);
        assertTrue(e.getMessage().contains("state=7") && e.getMessage().contains("corrupted"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> event.await(1, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, event::isSet);
        assertThrows(IllegalStateException.class, event::reset);
        assertThrows(IllegalStateException.class, event::set);
        assertTrue(event.isSet(), "set() repaired the word before reporting");
    }

    @Test
    void attachSeesTheSameEventAndPlacementIsValidated() {
        Event event = Event.initialize(memory, OFFSET, false);
        Event.attach(memory, OFFSET).set();
        assertTrue(event.isSet());
        assertThrows(IllegalArgumentException.class, () -> Event.attach(memory, OFFSET + 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Event.attach(memory, 4096));
        assertThrows(NullPointerException.class, () -> event.await(1, null));
    }
}
