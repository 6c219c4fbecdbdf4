package io.ipcring.sync;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.OpenFlags;
import io.ipcring.sync.os.Os;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A POSIX named semaphore ({@code sem_open}), shared by name with any process on the host,
 * including C programs: a name {@code "/orders"} is the file {@code /dev/shm/sem.orders} under
 * glibc. The semaphore outlives every process that opened it until {@link #unlink(String)}
 * removes the name (processes that still have it open keep using it).
 *
 * <p>Blocking waits honour {@link Thread#interrupt()}: a native wait cannot be cut short by it,
 * so they wait in slices of at most {@value #SLICE_MILLIS} ms ({@code sem_timedwait} with a
 * CLOCK_REALTIME deadline) and check the interrupt flag between slices. A post still wakes a
 * waiter at once; the slices only bound how late an interrupt or {@link #close()} is noticed.
 * Timeouts are measured on {@link System#nanoTime()}, so moving the wall clock does not
 * stretch or shorten them by more than one slice.
 *
 * <p>Thread-safe. {@link #close()} may run while other threads wait: they leave with
 * {@link IllegalStateException} within a slice, and the native handle is released only when
 * the last call using it has returned, so no call ever touches an unmapped semaphore.
 */
public final class PosixNamedSemaphore implements AutoCloseable {
    /** The mode a semaphore is created with unless told otherwise: owner read and write. */
    public static final int DEFAULT_MODE = 0600;
    /**
     * The longest name after its leading slash, in UTF-8 bytes: glibc stores the semaphore as
     * the file {@code sem.<name>}, and a file name holds at most 255 bytes.
     */
    public static final int MAX_NAME_BYTES = OsSemaphoreConstants.NAME_MAX - "sem.".length();
    /** The largest value a POSIX semaphore holds on Linux ({@code SEM_VALUE_MAX}). */
    public static final int MAX_VALUE = OsSemaphoreConstants.SEM_VALUE_MAX;

    static final int SLICE_MILLIS = 10;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
    private static final int MAX_MODE = 0777;
    private static final int CLOSED = 1 << 30;

    private final String name;
    /** The {@code sem_t *} that {@code sem_open} returned. */
    private final long sem;
    /** Calls in progress in the low bits, {@link #CLOSED} once close() ran. */
    private final AtomicInteger state = new AtomicInteger();

    private PosixNamedSemaphore(String name, long sem) {
        this.name = name;
        this.sem = sem;
    }

    /**
     * Creates a new semaphore with mode {@value #DEFAULT_MODE}; fails if the name exists.
     *
     * @param name         "/name": one leading slash, no other, 1 to {@link #MAX_NAME_BYTES} UTF-8 bytes after it
     * @param initialValue the starting value, 0 to {@link #MAX_VALUE}
     * @return the open semaphore
     * @throws OsSemaphoreException ALREADY_EXISTS (EEXIST) when the name is taken, or another reason
     */
    public static PosixNamedSemaphore create(String name, int initialValue) {
        return create(name, initialValue, DEFAULT_MODE);
    }

    /**
     * Creates a new semaphore; fails if the name exists.
     *
     * @param name         "/name": one leading slash, no other, 1 to {@link #MAX_NAME_BYTES} UTF-8 bytes after it
     * @param initialValue the starting value, 0 to {@link #MAX_VALUE}
     * @param mode         permission bits, 0 to 0777, less the process umask
     * @return the open semaphore
     * @throws OsSemaphoreException ALREADY_EXISTS (EEXIST) when the name is taken, or another reason
     */
    public static PosixNamedSemaphore create(String name, int initialValue, int mode) {
        checkName(name);
        if (initialValue < 0) {
            throw new IllegalArgumentException("initialValue=" + initialValue + " must be 0.." + MAX_VALUE);
        }
        if (mode < 0 || mode > MAX_MODE) {
            throw new IllegalArgumentException("mode=0" + Integer.toOctalString(mode) + " must be within 0..0777");
        }
        long sem = Os.CALLS.sem_open(name, OpenFlags.O_CREAT | OpenFlags.O_EXCL, mode, initialValue);
        return opened(sem, name, "sem_open(name=" + name + ", O_CREAT|O_EXCL, mode=0"
                + Integer.toOctalString(mode) + ", value=" + initialValue + ")");
    }

    /**
     * Opens an existing semaphore.
     *
     * @param name "/name": one leading slash, no other, 1 to {@link #MAX_NAME_BYTES} UTF-8 bytes after it
     * @return the open semaphore
     * @throws OsSemaphoreException NOT_FOUND (ENOENT), PERMISSION_DENIED (EACCES), or another reason
     */
    public static PosixNamedSemaphore open(String name) {
        checkName(name);
        long sem = Os.CALLS.sem_open(name, 0, 0, 0);
        return opened(sem, name, "sem_open(name=" + name + ")");
    }

    private static PosixNamedSemaphore opened(long sem, String name, String call) {
        // SEM_FAILED is the null pointer in glibc and musl
        if (sem == 0) {
            throw OsSemaphoreException.of(Os.CALLS.errno(), call);
        }
        return new PosixNamedSemaphore(name, sem);
    }

    /**
     * Removes the name; processes that have the semaphore open keep using it, and it is
     * destroyed when the last one closes it.
     *
     * @param name "/name"
     * @return true if the name was removed, false if no semaphore had it
     * @throws OsSemaphoreException PERMISSION_DENIED (EACCES), or another reason
     */
    public static boolean unlink(String name) {
        checkName(name);
        if (Os.CALLS.sem_unlink(name) == 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.ENOENT) {
            return false;
        }
        throw OsSemaphoreException.of(errno, "sem_unlink(name=" + name + ")");
    }

    /**
     * Checks a name against the rules of glibc's {@code sem_open}.
     *
     * @param name the name
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.length() < 2 || name.charAt(0) != '/') {
            throw new IllegalArgumentException("name=" + name + " must be a slash followed by at least one character");
        }
        if (name.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("name=" + name + " must not contain a slash after the first");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name=" + name + " must not contain a NUL character");
        }
        int bytes = name.substring(1).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name=" + name + " has " + bytes + " UTF-8 bytes after the slash, more than "
                    + MAX_NAME_BYTES);
        }
    }

    /** @return the name it was opened with */
    public String name() {
        return name;
    }

    /**
     * Adds one to the value, waking one waiter if any (any process).
     *
     * @throws OsSemaphoreException VALUE_OUT_OF_RANGE (EOVERFLOW) when the value is already {@link #MAX_VALUE}
     * @throws IllegalStateException once closed
     */
    public void post() {
        enter();
        try {
            if (Os.CALLS.sem_post(sem) != 0) {
                throw OsSemaphoreException.of(Os.CALLS.errno(), "sem_post(name=" + name + ")");
            }
        } finally {
            exit();
        }
    }

    /**
     * Takes one from the value, waiting while it is zero.
     *
     * @throws InterruptedException  if the thread is interrupted before or while waiting
     * @throws IllegalStateException once closed, also when closed while waiting
     */
    public void acquire() throws InterruptedException {
        enter();
        try {
            long[] deadline = new long[2];
            while (!waitSlice(SLICE_NANOS, deadline)) {
                checkOpen();
            }
        } finally {
            exit();
        }
    }

    /**
     * Takes one from the value if it is above zero, without waiting.
     *
     * @return true if taken
     * @throws IllegalStateException once closed
     */
    public boolean tryAcquire() {
        enter();
        try {
            if (Os.CALLS.sem_trywait(sem) == 0) {
                return true;
            }
            int errno = Os.CALLS.errno();
            if (errno == Errno.EAGAIN) {
                return false;
            }
            throw OsSemaphoreException.of(errno, "sem_trywait(name=" + name + ")");
        } finally {
            exit();
        }
    }

    /**
     * Takes one from the value, waiting at most {@code timeout} while it is zero.
     *
     * @param timeout the longest wait; zero or negative tries once without waiting
     * @param unit    its unit
     * @return true if taken, false if the timeout expired first
     * @throws InterruptedException  if the thread is interrupted before or while waiting
     * @throws IllegalStateException once closed, also when closed while waiting
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        enter();
        try {
            long remaining = Math.max(0, unit.toNanos(timeout));
            long end = System.nanoTime() + remaining;
            long[] deadline = new long[2];
            while (!waitSlice(Math.min(remaining, SLICE_NANOS), deadline)) {
                checkOpen();
                remaining = end - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
            }
            return true;
        } finally {
            exit();
        }
    }

    /** One sem_timedwait of at most {@code nanos}; false when it timed out or a signal cut it short. */
    private boolean waitSlice(long nanos, long[] deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting on " + name);
        }
        OsSemaphoreConstants.realtimeDeadline(nanos, deadline);
        if (Os.CALLS.sem_timedwait(sem, deadline) == 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.ETIMEDOUT || errno == Errno.EINTR) {
            return false;
        }
        throw OsSemaphoreException.of(errno, "sem_timedwait(name=" + name + ")");
    }

    /**
     * The current value: a snapshot that other processes may change at once. Linux reports 0,
     * never a negative count, while threads wait.
     *
     * @return the value
     * @throws IllegalStateException once closed
     */
    public int value() {
        enter();
        try {
            int[] value = new int[1];
            if (Os.CALLS.sem_getvalue(sem, value) != 0) {
                throw OsSemaphoreException.of(Os.CALLS.errno(), "sem_getvalue(name=" + name + ")");
            }
            return value[0];
        } finally {
            exit();
        }
    }

    /**
     * Closes this process's handle ({@code sem_close}); the semaphore itself and its name stay
     * until {@link #unlink(String)}. Idempotent. Threads waiting in this object leave with
     * {@link IllegalStateException} within one slice.
     */
    @Override
    public void close() {
        int current;
        do {
            current = state.get();
            if ((current & CLOSED) != 0) {
                return;
            }
            // pairs with the CAS in enter(): once CLOSED is set no new call can start
        } while (!state.compareAndSet(current, current | CLOSED));
        if (current == 0) {
            release();
        }
    }

    /** @return true once {@link #close()} ran */
    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    private void enter() {
        int current;
        do {
            current = state.get();
            if ((current & CLOSED) != 0) {
                throw closed();
            }
            // pairs with the CAS in close(): a call counted here keeps sem mapped until exit()
        } while (!state.compareAndSet(current, current + 1));
    }

    private void exit() {
        // pairs with the CAS in close(): the last call out after close releases the handle
        if (state.decrementAndGet() == CLOSED) {
            release();
        }
    }

    private void checkOpen() {
        if (isClosed()) {
            throw closed();
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("semaphore name=" + name + " is closed");
    }

    private void release() {
        if (Os.CALLS.sem_close(sem) != 0) {
            throw OsSemaphoreException.of(Os.CALLS.errno(), "sem_close(name=" + name + ")");
        }
    }

    @Override
    public String toString() {
        return "PosixNamedSemaphore[name=" + name + (isClosed() ? ", closed]" : "]");
    }
}
