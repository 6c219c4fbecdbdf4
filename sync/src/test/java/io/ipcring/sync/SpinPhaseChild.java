package io.ipcring.sync;

import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link SpinBudgetTest}, run with {@code -Dipcring.spinNanos} far above the
 * millisecond the other thread takes: an event, a latch, a counting semaphore and a robust mutex
 * each waited on by one thread and answered by another 1 ms after the waiter began. The answering
 * thread reads, just before it answers, the word in which a waiter about to sleep marks itself;
 * then an event is waited on longer than the spin. Prints
 * {@code event=0 latch=1 semaphoreWaiters=0 mutexContended=0 idleEvent=2}: no mark while the
 * waiters spin, the sleeper's mark ({@link EventLayout#RESET_WITH_SLEEPERS}) after a longer wait.
 *
 * <p>Arguments: the path of a {@link ScratchRegion} of at least 4 KiB.
 */
public final class SpinPhaseChild {
    static final int EVENT = ScratchRegion.BASE;
    static final int LATCH = EVENT + 8;
    static final int SEMAPHORE = LATCH + 8;
    static final int MUTEX = SEMAPHORE + 16;
    static final int IDLE_EVENT = MUTEX + 32;

    /** Volatile: the waiter sets it just before it waits; the answering thread starts its millisecond then. */
    private static volatile boolean waiting;

    private SpinPhaseChild() {
    }

    /**
     * @param args path
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        try (SharedRegion region = ScratchRegion.open(args[0])) {
            MappedMemory memory = region.memory();
            long[] seen = new long[1];

            Event event = Event.initialize(memory, EVENT, false);
            Thread answer = answer(() -> {
                seen[0] = memory.getIntVolatile(EVENT);
                event.set();
            });
            check(event.await(10, TimeUnit.SECONDS), "event");
            answer.join();
            String result = "event=" + seen[0];

            SharedLatch latch = SharedLatch.initialize(memory, LATCH, 1);
            answer = answer(() -> {
                seen[0] = memory.getIntVolatile(LATCH);
                latch.countDown();
            });
            check(latch.await(10, TimeUnit.SECONDS), "latch");
            answer.join();
            result += " latch=" + seen[0];

            CountingSemaphore semaphore = CountingSemaphore.initialize(memory, SEMAPHORE, 0);
            answer = answer(() -> {
                seen[0] = memory.getIntVolatile(SEMAPHORE + CountingSemaphoreLayout.WAITERS_OFFSET);
                semaphore.release();
            });
            check(semaphore.tryAcquire(1, 10, TimeUnit.SECONDS), "semaphore");
            answer.join();
            result += " semaphoreWaiters=" + seen[0];

            RobustMutex mutex = RobustMutex.initialize(memory, MUTEX);
            check(mutex.lock().isAcquired(), "lock");
            Thread contender = new Thread(() -> {
                try {
                    waiting = true;
                    check(mutex.tryLock(10, TimeUnit.SECONDS).isAcquired(), "contended lock");
                    mutex.unlock();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            waiting = false;
            contender.start();
            awaitWaiterAndAMillisecond();
            seen[0] = memory.getLongVolatile(MUTEX) & RobustMutexLayout.CONTENDED;
            mutex.unlock();
            contender.join();
            result += " mutexContended=" + seen[0];

            Event idle = Event.initialize(memory, IDLE_EVENT, false);
            check(!idle.await(Long.getLong(SpinBudget.PROPERTY) * 3, TimeUnit.NANOSECONDS), "idle event not set");
            result += " idleEvent=" + memory.getIntVolatile(IDLE_EVENT);
            System.out.println(result);
        }
    }

    /** @return a started thread that runs {@code action} 1 ms after this thread announced it waits */
    private static Thread answer(Runnable action) {
        waiting = false;
        Thread thread = new Thread(() -> {
            awaitWaiterAndAMillisecond();
            action.run();
        });
        thread.start();
        waiting = true;
        return thread;
    }

    private static void awaitWaiterAndAMillisecond() {
        // Volatile read: pairs with the waiter's store just before it waits.
        while (!waiting) {
            Thread.onSpinWait();
        }
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(boolean passed, String step) {
        if (!passed) {
            System.out.println("failed at " + step);
            System.exit(1);
        }
    }
}
