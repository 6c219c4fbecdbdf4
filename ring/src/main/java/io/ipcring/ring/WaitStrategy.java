package io.ipcring.ring;

/**
 * How a producer waits for room and a consumer waits for messages in the blocking variants
 * ({@link Publisher#offer(java.nio.ByteBuffer, int, int, int, long, java.util.concurrent.TimeUnit)},
 * {@link Subscriber#poll(MessageHandler, int, long, java.util.concurrent.TimeUnit)}). The
 * non-blocking calls never wait, whatever the strategy.
 */
public enum WaitStrategy {
    /** Spin on the CPU ({@link Thread#onSpinWait()}): lowest latency, one core at 100%. */
    BUSY_SPIN,
    /** Spin with {@link Thread#yield()} between checks: lets other threads run, still 100% CPU. */
    YIELD,
    /** Spin, then yield, then park with exponential back-off up to 1 ms (Agrona's strategy). */
    BACKOFF,
    /**
     * Spin briefly (about 100 spin-wait hints), then sleep on a futex word in the ring until the other side wakes it: no CPU
     * while idle, a few microseconds to wake. Once any waiter of a ring has slept, that ring's
     * other side pays a full fence and a load after each publish (producers) or batch
     * (consumer) to find sleepers; before that, nothing.
     */
    BLOCKING
}
