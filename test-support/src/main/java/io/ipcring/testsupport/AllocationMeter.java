package io.ipcring.testsupport;

import java.lang.management.ManagementFactory;

/**
 * Counts the bytes of heap the current thread allocates, through the JDK's per-thread counter
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}), for the tests that
 * hold a path to zero bytes per message. Reading the counter allocates nothing, so a meter
 * measures the code between {@link #start()} and {@link #bytes()} alone. A meter belongs to the
 * thread that started it.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Thread thread;
    private long start;

    private AllocationMeter(Thread thread) {
        this.thread = thread;
    }

    /**
     * @return whether this JVM counts allocation per thread (supported and enabled); a test that
     *         needs the count assumes it
     */
    public static boolean isAvailable() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /**
     * @return the bytes the current thread has allocated since it started
     * @throws IllegalStateException if this JVM does not count them ({@link #isAvailable()})
     */
    public static long threadAllocatedBytes() {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        if (bytes < 0) {
            throw new IllegalStateException("this JVM does not count allocation per thread: "
                    + "isThreadAllocatedMemorySupported=" + THREADS.isThreadAllocatedMemorySupported()
                    + ", isThreadAllocatedMemoryEnabled=" + THREADS.isThreadAllocatedMemoryEnabled());
        }
        return bytes;
    }

    /**
     * @return a meter of the current thread, counting from now
     * @throws IllegalStateException if this JVM does not count allocation per thread
     */
    public static AllocationMeter start() {
        AllocationMeter meter = new AllocationMeter(Thread.currentThread());
        meter.start = threadAllocatedBytes(); // after the meter's own allocation, which is not the code's
        return meter;
    }

    /**
     * @return the bytes the thread allocated since {@link #start()}
     * @throws IllegalStateException if called from another thread than the one that started it
     */
    public long bytes() {
        long now = threadAllocatedBytes();
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the meter of thread=" + thread.getName()
                    + " was read from thread=" + Thread.currentThread().getName());
        }
        return now - start;
    }
}
