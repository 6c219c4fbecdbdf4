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
    /**
     * Spin as long as a wake-up costs ({@link io.ipcring.sync.SpinBudget}), then park for growing
     * times up to 1 ms; never yields, never arms the ring's futex signal.
     */
    BACKOFF,
    /**
     * Spin as long as a wake-up costs on this machine ({@link io.ipcring.sync.SpinBudget}: measured
     * once per process, 20 to 200 µs, or {@code -Dipcring.spinNanos}), then sleep on a futex word in
     * the ring until the other side wakes it: no CPU while idle, and a peer that answers within the
     * spin never pays a wake-up. Once any waiter of a ring has slept, that ring's
     * other side pays a full fence and a load after each publish (producers) or batch
     * (consumer) to find sleepers; before that, nothing.
     */
    BLOCKING
}
