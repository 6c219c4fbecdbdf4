package io.ipcring.sync;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.sync.os.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Linux futex system call on a 32-bit word inside a {@link MappedMemory}: a thread sleeps while
 * the word holds an expected value, and another thread (in any process that maps the same file)
 * wakes it. The futex is shared (no {@code FUTEX_PRIVATE_FLAG}), so the kernel keys it by the file
 * page, not by the address, and waiters and wakers may live in different processes.
 *
 * <p>Supported on Linux x86-64 and aarch64 ({@link Platform}); elsewhere every call throws
 * {@link UnsupportedOperationException}. A native wait cannot be cut short by
 * {@link Thread#interrupt()}: callers that must honour interrupts wait in bounded slices.
 */
public final class Futex {
    /** {@code SYS_futex} on this platform, -1 where futex is not supported. */
    private static final long SYS_FUTEX = Platform.CURRENT.futexSyscall();
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Bytes of a {@code struct timespec} on 64-bit Linux: seconds, then nanoseconds, both long. */
    private static final int TIMESPEC_LENGTH = 16;
    /**
     * Each thread's timespec in native memory, made once per thread, so a timed wait allocates
     * nothing: the kernel reads the timeout from the direct buffer's address.
     */
    private static final ThreadLocal<Timespec> TIMESPEC = ThreadLocal.withInitial(Timespec::new);

    /** How a {@link #wait} ended. */
    public enum WaitResult {
        /** A wake call (or a spurious wake-up) ended the sleep: re-check the condition. */
        WOKEN,
        /** The word did not hold the expected value, so the thread did not sleep. */
        VALUE_CHANGED,
        /** The timeout expired. */
        TIMED_OUT,
        /** A signal interrupted the sleep: re-check the condition. */
        INTERRUPTED
    }

    private Futex() {
    }

    /**
     * @return true when this platform has a known futex system call
     */
    public static boolean isSupported() {
        return Platform.CURRENT.isSupported();
    }

    /**
     * Sleeps while the word at {@code offset} holds {@code expected}, until woken, the timeout
     * expires or a signal arrives. The kernel compares the value and queues the caller
     * atomically, so a wake issued after the value changed is never missed.
     *
     * @param memory       the mapping holding the word
     * @param offset       a 4-byte-aligned offset of the word
     * @param expected     the value the word must hold for the thread to sleep
     * @param timeoutNanos the longest sleep; negative for no limit
     * @return why the call returned
     */
    public static WaitResult wait(MappedMemory memory, int offset, int expected, long timeoutNanos) {
        long address = checkedAddress(memory, offset);
        long timespec = 0;
        if (timeoutNanos >= 0) {
            timespec = TIMESPEC.get().set(timeoutNanos);
        }
        // futex(uaddr, FUTEX_WAIT, val, timeout, uaddr2 ignored; val3 ignored and not passed)
        long result = Os.CALLS.syscall(SYS_FUTEX, address, FUTEX_WAIT, expected, timespec, 0);
        if (result == 0) {
            return WaitResult.WOKEN;
        }
        int errno = Os.CALLS.errno();
        switch (errno) {
            case Errno.EAGAIN:
                return WaitResult.VALUE_CHANGED;
            case Errno.ETIMEDOUT:
                return WaitResult.TIMED_OUT;
            case Errno.EINTR:
                return WaitResult.INTERRUPTED;
            default:
                throw new IllegalStateException("futex wait failed: " + Errno.describe(errno) + " at offset " + offset);
        }
    }

    /**
     * Wakes up to {@code count} threads sleeping on the word at {@code offset}, in any process.
     *
     * @param memory the mapping holding the word
     * @param offset a 4-byte-aligned offset of the word
     * @param count  how many sleepers to wake at most, positive ({@link Integer#MAX_VALUE} for all)
     * @return how many were woken
     */
    public static int wake(MappedMemory memory, int offset, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count=" + count + " must be positive");
        }
        long address = checkedAddress(memory, offset);
        // futex(uaddr, FUTEX_WAKE, val; timeout and uaddr2 ignored; val3 ignored and not passed)
        long result = Os.CALLS.syscall(SYS_FUTEX, address, FUTEX_WAKE, count, 0, 0);
        if (result < 0) {
            throw new IllegalStateException("futex wake failed: " + Errno.describe(Os.CALLS.errno()) + " at offset "
                    + offset);
        }
        return (int) result;
    }

    private static long checkedAddress(MappedMemory memory, int offset) {
        Objects.requireNonNull(memory, "memory");
        // before any native call: on an unsupported platform Os.CALLS cannot be loaded
        Platform.requireSupported();
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("offset=" + offset + " is not 4-byte aligned");
        }
        return memory.addressOf(offset, Integer.BYTES);
    }

    /** A {@code struct timespec} in native memory that the kernel reads a timeout from. */
    private static final class Timespec {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(TIMESPEC_LENGTH).order(ByteOrder.nativeOrder());
        private final long address = Os.CALLS.address(buffer);

        /** @param nanos a timeout, not negative @return the address of the struct holding it */
        long set(long nanos) {
            buffer.putLong(0, nanos / NANOS_PER_SECOND);
            buffer.putLong(Long.BYTES, nanos % NANOS_PER_SECOND);
            return address;
        }
    }
}
