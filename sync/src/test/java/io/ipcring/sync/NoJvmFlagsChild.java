package io.ipcring.sync;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link NoJvmFlagsTest}: uses every part of the sync module that could ever
 * need a JVM flag (mapping, VarHandle access, native futex calls through Os.CALLS, unmapping) and
 * prints {@code DONE} when all worked.
 */
public final class NoJvmFlagsChild {
    private NoJvmFlagsChild() {
    }

    /**
     * @param args the region path
     * @throws InterruptedException never in practice
     */
    public static void main(String[] args) throws InterruptedException {
        Path path = Path.of(args[0]);
        int mutexOffset = RegionHeader.LENGTH;
        int semaphoreOffset = mutexOffset + RobustMutex.LENGTH;
        int futexOffset = semaphoreOffset + CountingSemaphore.LENGTH;
        SharedRegion region = SharedRegion.create(path, ScratchRegion.FORMAT, 4096, RegionAccess.OWNER, memory -> {
            RobustMutex.initialize(memory, mutexOffset);
            CountingSemaphore.initialize(memory, semaphoreOffset, 1);
        });
        try {
            MappedMemory memory = region.memory();
            RobustMutex mutex = RobustMutex.attach(memory, mutexOffset);
            check(mutex.lock() == RobustMutex.LockResult.ACQUIRED, "lock");
            memory.putLong(futexOffset + 8, memory.getLong(futexOffset + 8) + 1);
            mutex.unlock();
            CountingSemaphore semaphore = CountingSemaphore.attach(memory, semaphoreOffset);
            check(semaphore.tryAcquire(1, 1, TimeUnit.SECONDS), "acquire");
            semaphore.release(1);
            check(Futex.wait(memory, futexOffset, 0, TimeUnit.MILLISECONDS.toNanos(1)) == Futex.WaitResult.TIMED_OUT,
                    "futex wait");
            check(Futex.wake(memory, futexOffset, 1) == 0, "futex wake");
        } finally {
            region.close();
            SharedRegion.delete(path);
        }
        check(region.memory().isUnmapped(), "unmap");
        System.out.println("DONE");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what + " failed");
        }
    }
}
