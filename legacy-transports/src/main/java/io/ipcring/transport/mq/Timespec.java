package io.ipcring.transport.mq;

import io.ipcring.sync.os.Os;
import io.ipcring.transport.internal.NativeIo;
import java.nio.ByteBuffer;

/**
 * An absolute {@code CLOCK_REALTIME} deadline in a native {@code struct timespec}, as
 * mq_timedsend and mq_timedreceive take it. One instance per endpoint, reused for every call, so
 * setting a deadline allocates nothing.
 *
 * <pre>
 *  struct timespec (64-bit Linux)
 *  0                8                16
 *  +----------------+----------------+
 *  | tv_sec (long)  | tv_nsec (long) |
 *  +----------------+----------------+
 * </pre>
 */
final class Timespec {
    /** Offset of the seconds. */
    static final int SECONDS_OFFSET = 0;
    /** Offset of the nanoseconds, in {@code [0, 1e9)}. */
    static final int NANOS_OFFSET = 8;
    /** Size of the structure. */
    static final int LENGTH = 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final NativeBuffer memory = NativeBuffer.allocate(LENGTH);

    /** @return the native address of the structure, to pass to a timed call */
    long address() {
        return memory.address;
    }

    /**
     * Sets the deadline to the epoch: any timed call that would wait fails at once with
     * ETIMEDOUT, which makes a timed call non-blocking without changing the descriptor's flags.
     */
    void setPast() {
        memory.buffer.putLong(SECONDS_OFFSET, 0);
        memory.buffer.putLong(NANOS_OFFSET, 0);
    }

    /**
     * Sets the deadline to now (CLOCK_REALTIME) plus {@code nanos}.
     *
     * @param nanos how far ahead, non-negative
     * @throws NativeIo.NativeCallException when clock_gettime fails
     */
    void setFromNow(long nanos) {
        ByteBuffer now = memory.buffer;
        if (Os.CALLS.clock_gettime(QueueLibc.CLOCK_REALTIME, memory.address) != 0) {
            throw NativeIo.failure("clock_gettime(CLOCK_REALTIME)", Os.CALLS.errno(), null);
        }
        long total = now.getLong(NANOS_OFFSET) + nanos % NANOS_PER_SECOND;
        now.putLong(SECONDS_OFFSET, now.getLong(SECONDS_OFFSET) + nanos / NANOS_PER_SECOND + total / NANOS_PER_SECOND);
        now.putLong(NANOS_OFFSET, total % NANOS_PER_SECOND);
    }

    /** @return the seconds field, for tests */
    long seconds() {
        return memory.buffer.getLong(SECONDS_OFFSET);
    }

    /** @return the nanoseconds field, for tests */
    long nanos() {
        return memory.buffer.getLong(NANOS_OFFSET);
    }
}
