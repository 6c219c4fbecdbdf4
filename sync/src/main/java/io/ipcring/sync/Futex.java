package io.ipcring.sync;

import java.util.Locale;
import java.util.Objects;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The Linux futex system call on a 32-bit word inside a {@link MappedMemory}: a thread sleeps while
 * the word holds an expected value, and another thread (in any process that maps the same file)
 * wakes it. The futex is shared (no {@code FUTEX_PRIVATE_FLAG}), so the kernel keys it by the file
 * page, not by the address, and waiters and wakers may live in different processes.
 *
 * <p>Supported on Linux x86-64 ({@code SYS_futex} = 202) and aarch64 (98); elsewhere every call
 * throws {@link UnsupportedOperationException}. A native wait cannot be cut short by
 * {@link Thread#interrupt()}: callers that must honour interrupts wait in bounded slices.
 */
public final class Futex {
    private static final long SYS_FUTEX = syscallNumber(System.getProperty("os.name"), System.getProperty("os.arch"));
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final ThreadLocal<Pointer> TIMESPEC =
            ThreadLocal.withInitial(() -> Memory.allocateDirect(Libc.RUNTIME, 16, true));

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
        return SYS_FUTEX >= 0;
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
            Pointer ts = TIMESPEC.get();
            ts.putLong(0, timeoutNanos / NANOS_PER_SECOND);
            ts.putLong(8, timeoutNanos % NANOS_PER_SECOND);
            timespec = ts.address();
        }
        long result = Libc.LIBC.syscall(SYS_FUTEX, address, FUTEX_WAIT, expected, timespec, 0, 0);
        if (result == 0) {
            return WaitResult.WOKEN;
        }
        int errno = Libc.errno();
        switch (errno) {
            case Libc.EAGAIN:
                return WaitResult.VALUE_CHANGED;
            case Libc.ETIMEDOUT:
                return WaitResult.TIMED_OUT;
            case Libc.EINTR:
                return WaitResult.INTERRUPTED;
            default:
                throw new IllegalStateException("futex wait failed: errno " + errno + " at offset " + offset);
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
        long result = Libc.LIBC.syscall(SYS_FUTEX, address, FUTEX_WAKE, count, 0, 0, 0);
        if (result < 0) {
            throw new IllegalStateException("futex wake failed: errno " + Libc.errno() + " at offset " + offset);
        }
        return (int) result;
    }

    private static long checkedAddress(MappedMemory memory, int offset) {
        Objects.requireNonNull(memory, "memory");
        if (SYS_FUTEX < 0) {
            throw new UnsupportedOperationException("futex is only supported on Linux x86-64 and aarch64, not "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("offset=" + offset + " is not 4-byte aligned");
        }
        return memory.addressOf(offset, Integer.BYTES);
    }

    static long syscallNumber(String osName, String osArch) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux") || osArch == null) {
            return -1;
        }
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return 202;
            case "aarch64":
            case "arm64":
                return 98;
            default:
                return -1;
        }
    }
}
