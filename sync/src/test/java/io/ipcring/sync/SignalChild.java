package io.ipcring.sync;

import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link PrimitivesProcessTest}: waits on an event set by the parent, takes
 * three permits the parent releases one by one, counts a latch down the parent waits on, then
 * releases two permits to the parent. Exits 0 when every step worked within 30 s.
 *
 * <p>Arguments: region path.
 */
public final class SignalChild {
    /** Offset of the semaphore. */
    static final int SEMAPHORE = ScratchRegion.BASE;
    /** Offset of the event. */
    static final int EVENT = SEMAPHORE + CountingSemaphore.LENGTH;
    /** Offset of the latch. */
    static final int LATCH = EVENT + Event.LENGTH;

    private SignalChild() {
    }

    /**
     * @param args path
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        try (SharedRegion region = ScratchRegion.open(args[0])) {
            MappedMemory memory = region.memory();
            check(Event.attach(memory, EVENT).await(30, TimeUnit.SECONDS), "event");
            CountingSemaphore semaphore = CountingSemaphore.attach(memory, SEMAPHORE);
            check(semaphore.tryAcquire(3, 30, TimeUnit.SECONDS), "acquire(3)");
            SharedLatch.attach(memory, LATCH).countDown();
            Thread.sleep(50);
            semaphore.release(2);
        }
    }

    private static void check(boolean passed, String step) {
        if (!passed) {
            System.out.println("timed out at " + step);
            System.exit(1);
        }
    }
}
