package io.ipcring.sync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Objects;

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
    /** {@code SYS_futex} in the x86-64 system call table. */
    private static final long SYS_FUTEX_X86_64 = 202;
    /** {@code SYS_futex} in the aarch64 (generic) system call table. */
    private static final long SYS_FUTEX_AARCH64 = 98;
    private static final String OS_NAME = System.getProperty("os.name");
    private static final String OS_ARCH = System.getProperty("os.arch");
    private static final long SYS_FUTEX = isSupported(OS_NAME, OS_ARCH) ? syscallNumber(OS_NAME, OS_ARCH) : -1;
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Bytes of a {@code struct timespec} on 64-bit Linux: seconds, then nanoseconds, both long. */
    private static final int TIMESPEC_LENGTH = 16;
    /**
     * Each thread's timespec, written through a direct buffer rather than a jffi pointer, whose
     * {@code sun.misc.Unsafe} memory access draws deprecation warnings on Java 24 and later.
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
        return SYS_FUTEX >= 0;
    }

    static boolean isSupported(String osName, String osArch) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("linux")
                && osArch != null && (isX86_64(osArch) || isAarch64(osArch));
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
        long result = Libc.LIBC.syscall(SYS_FUTEX, address, FUTEX_WAIT, expected, timespec, 0);
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
        // futex(uaddr, FUTEX_WAKE, val; timeout and uaddr2 ignored; val3 ignored and not passed)
        long result = Libc.LIBC.syscall(SYS_FUTEX, address, FUTEX_WAKE, count, 0, 0);
        if (result < 0) {
            throw new IllegalStateException("futex wake failed: errno " + Libc.errno() + " at offset " + offset);
        }
        return (int) result;
    }

    private static long checkedAddress(MappedMemory memory, int offset) {
        Objects.requireNonNull(memory, "memory");
        if (SYS_FUTEX < 0) {
            throw unsupported(OS_NAME, OS_ARCH);
        }
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("offset=" + offset + " is not 4-byte aligned");
        }
        return memory.addressOf(offset, Integer.BYTES);
    }

    /**
     * The number of {@code SYS_futex} on a platform.
     *
     * @param osName the {@code os.name} system property
     * @param osArch the {@code os.arch} system property
     * @return the system call number
     * @throws UnsupportedOperationException naming the platform when it is not Linux x86-64 or aarch64
     */
    static long syscallNumber(String osName, String osArch) {
        if (!isSupported(osName, osArch)) {
            throw unsupported(osName, osArch);
        }
        return isX86_64(osArch) ? SYS_FUTEX_X86_64 : SYS_FUTEX_AARCH64;
    }

    private static UnsupportedOperationException unsupported(String osName, String osArch) {
        return new UnsupportedOperationException("futex is only supported on Linux x86-64 and aarch64, not os.name="
                + osName + " os.arch=" + osArch);
    }

    private static boolean isX86_64(String osArch) {
        return osArch.equals("amd64") || osArch.equals("x86_64");
    }

    private static boolean isAarch64(String osArch) {
        return osArch.equals("aarch64") || osArch.equals("arm64");
    }

    /** A {@code struct timespec} in native memory that the kernel reads a timeout from. */
    private static final class Timespec {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(TIMESPEC_LENGTH).order(ByteOrder.nativeOrder());
        private final long address = NativeAddress.of(buffer);

        /** @param nanos a timeout, not negative @return the address of the struct holding it */
        long set(long nanos) {
            buffer.putLong(0, nanos / NANOS_PER_SECOND);
            buffer.putLong(Long.BYTES, nanos % NANOS_PER_SECOND);
            return address;
        }
    }
}
