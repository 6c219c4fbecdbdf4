package io.ipcring.sync;

import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link RobustMutexProcessTest}, on a scratch region laid out by that test.
 *
 * <p>Arguments: region path, then a mode:
 * <ul>
 *   <li>{@code count <n>}: counts the start latch down, waits for it, then {@code n} times locks,
 *       increments the plain counter and unlocks; exits 0.</li>
 *   <li>{@code hold}: locks, prints {@code LOCKED} and sleeps until killed.</li>
 *   <li>{@code unlock}: tries to unlock a lock it does not hold; prints {@code REJECTED} when
 *       refused with IllegalMonitorStateException.</li>
 * </ul>
 */
public final class MutexChild {
    /** Offset of the mutex. */
    static final int MUTEX = ScratchRegion.BASE;
    /** Offset of the plain counter, on its own cache line. */
    static final int COUNTER = MUTEX + 64;
    /** Offset of the start latch. */
    static final int START = COUNTER + 64;
    /** Bytes the layout needs. */
    static final int LENGTH = START + 64;

    private MutexChild() {
    }

    /**
     * @param args path, mode, mode arguments
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        try (SharedRegion region = ScratchRegion.open(args[0])) {
            MappedMemory memory = region.memory();
            RobustMutex mutex = RobustMutex.attach(memory, MUTEX);
            switch (args[1]) {
                case "count":
                    long increments = Long.parseLong(args[2]);
                    SharedLatch start = SharedLatch.attach(memory, START);
                    start.countDown();
                    if (!start.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the other counter never started");
                    }
                    for (long i = 0; i < increments; i++) {
                        mutex.lock();
                        memory.putLong(COUNTER, memory.getLong(COUNTER) + 1);
                        mutex.unlock();
                    }
                    break;
                case "hold":
                    System.out.println(mutex.lock());
                    System.out.println("LOCKED");
                    Thread.sleep(TimeUnit.SECONDS.toMillis(120));
                    break;
                case "unlock":
                    try {
                        mutex.unlock();
                        System.out.println("UNLOCKED");
                    } catch (IllegalMonitorStateException e) {
                        System.out.println("REJECTED");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("mode=" + args[1]);
            }
        }
    }
}
