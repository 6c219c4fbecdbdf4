package io.ipcring.sync.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;

/**
 * {@link OsCalls} through {@code java.lang.foreign} downcalls, for Java 22 and newer. This class
 * lives only in {@code META-INF/versions/22} of the multi-release jar; it refers to no class of
 * jnr-ffi, jffi or {@code sun.misc.Unsafe}, so none of them is loaded on these JDKs.
 *
 * <p>How the C calls cross:
 * <ul>
 * <li>Every pointer the interface passes as a {@code long} address is declared
 *     {@link java.lang.foreign.ValueLayout#JAVA_LONG JAVA_LONG}: on the two supported platforms
 *     (64-bit Linux, {@link Platform}) a pointer and a {@code long} travel in the same register,
 *     and no {@link MemorySegment} has to be made for the address, so the hot calls
 *     ({@code syscall} for futex, {@code read}, {@code write}, {@code writev},
 *     {@code preadv2}, {@code pwritev2}, {@code poll}, {@code mq_timed*}, {@code msgsnd},
 *     {@code msgrcv}) allocate nothing.</li>
 * <li>errno: the functions whose jnr-ffi declaration saves errno are linked with
 *     {@link Linker.Option#captureCallState(String...) captureCallState("errno")}; the JDK copies
 *     errno right after the call into a segment of the calling thread ({@link ThreadState}),
 *     which {@link #errno()} reads. The segment is made once per thread, so the call allocates
 *     nothing in steady state.</li>
 * <li>Variadic C functions ({@code open}, {@code fcntl}, {@code sem_open}, {@code mq_open},
 *     {@code semctl}, {@code syscall}) are linked with
 *     {@link Linker.Option#firstVariadicArg(int) firstVariadicArg}, so the platform's variadic
 *     convention is followed; their variadic {@code int}s are already promoted, the rest are
 *     {@code long}s.</li>
 * <li>Strings are copied as NUL-terminated UTF-8 into a confined arena freed when the call
 *     returns; only cold calls take strings.</li>
 * <li>Java arrays (a {@code timespec}, {@code sembuf}s, semaphore values, {@code int}s) are
 *     copied into the calling thread's scratch segment, or into a confined arena when they do
 *     not fit, and copied back after the call. An array is copied in and out whole, so a failed
 *     call leaves it as it was.</li>
 * </ul>
 *
 * <p>Symbols come from {@link Linker#defaultLookup()} (the C library). A function missing there
 * is looked up in {@code libpthread.so.0} and {@code librt.so.1}, where glibc before 2.34 keeps
 * the {@code sem_*} and {@code mq_*} functions. A function found nowhere (for example
 * {@code preadv2} before glibc 2.26) does not stop the binding from loading: calling it throws
 * {@link UnsatisfiedLinkError}, as with jnr-ffi.
 *
 * <p>Calls to restricted methods ({@link Linker#downcallHandle}, {@link MemorySegment#reinterpret})
 * are made by this class: on JDKs that warn about native access the application runs with
 * {@code --enable-native-access=ALL-UNNAMED} (or the module of this jar) to silence the warning.
 */
final class FfmOsCalls implements OsCalls {

    /** The JDK's layout of the captured call state; on Linux it holds {@code errno}. */
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    /** Reads {@code errno} out of a capture segment: coordinates (segment, base offset). */
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /**
     * Bytes of a thread's scratch segment for arrays: a {@code timespec} (16), a pipe's two
     * descriptors, a {@code struct semid_ds} (104 on x86-64 and aarch64), up to 82 {@code sembuf}s.
     * Larger arrays go to a confined arena for the call.
     */
    private static final int SCRATCH_BYTES = 512;
    /** Where the scratch begins in a thread's segment: after the capture state, 16-aligned. */
    private static final long SCRATCH_OFFSET = (CAPTURE_LAYOUT.byteSize() + 15) & ~15L;

    /**
     * The calling thread's native memory: its errno capture segment and its scratch. Made on the
     * thread's first call from an automatic arena, so it is freed once the thread has ended and
     * the thread-local value is gone. One thread-local holds both, so a call looks it up once.
     * A virtual thread gets its own too (a few hundred bytes), which is correct: the JDK captures
     * errno on the carrier right after the C function returns, into the virtual thread's segment.
     */
    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    /** Bytes for the strings {@code getpwuid_r}/{@code getgrgid_r} copy out (glibc's suggested size). */
    private static final int NAME_BUFFER_BYTES = 16 * 1024;
    /** Bytes for a {@code struct passwd} (48) or {@code struct group} (32), then the result pointer. */
    private static final int ENTRY_BYTES = 64;
    /** Offset of the {@code struct passwd *}/{@code struct group *} result in the entry memory. */
    private static final int RESULT_OFFSET = 56;

    /**
     * Checks the platform, then links every function. Linking happens here rather than in a
     * static initializer of this class so that an unsupported platform gets
     * {@link Platform#requireSupported()}'s {@link UnsupportedOperationException} itself, not an
     * {@link ExceptionInInitializerError}.
     */
    FfmOsCalls() {
        Platform.requireSupported();
        Downcalls.ensureLinked();
    }

    /**
     * One thread's native memory for calls: the segment the JDK writes {@code errno} into after
     * a capturing call, and a scratch segment for the arrays of cold calls. Both are slices of one
     * allocation made once per thread, taken once here so no call has to slice.
     */
    private static final class ThreadState {
        /** Where the JDK stores this thread's {@code errno} after each capturing call. */
        final MemorySegment errno;
        /** {@link FfmOsCalls#SCRATCH_BYTES} bytes, 16-aligned, for arrays copied in and out of a call. */
        final MemorySegment scratch;
        /** {@link #scratch}'s address, passed as the pointer argument. */
        final long scratchAddress;

        /** Allocates this thread's segment from an automatic arena. */
        ThreadState() {
            MemorySegment all = Arena.ofAuto().allocate(SCRATCH_OFFSET + SCRATCH_BYTES, 16);
            errno = all.asSlice(0, CAPTURE_LAYOUT);
            scratch = all.asSlice(SCRATCH_OFFSET, SCRATCH_BYTES);
            scratchAddress = scratch.address();
        }
    }

    /** @return the calling thread's capture segment, the first argument of a capturing downcall */
    private static MemorySegment capture() {
        return STATE.get().errno;
    }

    /**
     * Turns what {@code invokeExact} threw into an unchecked exception. A downcall throws no
     * checked exception, so anything checked is a bug and becomes {@link IllegalStateException}.
     *
     * @param t what was thrown
     * @return the exception for the caller to throw
     */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call failed", t);
    }

    /**
     * Checks that an array a C function reads or writes a fixed number of elements of is that
     * long, so a short array fails here instead of letting C read or write past the copy.
     *
     * @param length   the array's length
     * @param needed   the elements the C function uses
     * @param function the function, for the message
     */
    private static void requireLength(int length, int needed, String function) {
        if (length < needed) {
            throw new IllegalArgumentException(function + " needs an array of at least " + needed
                    + " elements, got " + length);
        }
    }

    /**
     * @param length bytes needed for a call's arrays
     * @return null when they fit in the thread's scratch, else a confined arena the caller closes
     */
    private static Arena arenaIfLarger(long length) {
        return length <= SCRATCH_BYTES ? null : Arena.ofConfined();
    }

    // ---- the object itself -------------------------------------------------------------------

    /** Reads the errno the JDK captured for this thread after its last capturing call. */
    @Override
    public int errno() {
        return (int) ERRNO.get(capture(), 0L);
    }

    /** Reads the C library's text; the returned {@code char *} is read up to its NUL as UTF-8. */
    @Override
    @SuppressWarnings("restricted") // strerror returns a string without a size: read to its NUL
    public String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Downcalls.STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? null : text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Takes the address from a segment over the buffer. {@link MemorySegment#ofBuffer} starts at
     * the buffer's position, so the position is subtracted to give the address of index 0.
     */
    @Override
    public long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        long address = MemorySegment.ofBuffer(direct).address() - direct.position();
        if (address == 0) {
            throw new IllegalStateException("the JVM gave no address for direct buffer " + direct);
        }
        return address;
    }

    /** Maps into a shared arena: see {@link FfmMappedFile}. */
    @Override
    public MappedFile map(FileChannel channel, boolean readOnly, long size) throws IOException {
        return FfmMappedFile.map(channel, readOnly, size);
    }

    // ---- files and descriptors -------------------------------------------------------------

    /** Variadic after {@code flags}; errno captured; the path is copied for the call. */
    @Override
    public int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Downcalls.OPEN.invokeExact(capture(), arena.allocateFrom(path), flags, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int close(int fd) {
        try {
            return (int) Downcalls.CLOSE.invokeExact(capture(), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int fchmod(int fd, int mode) {
        try {
            return (int) Downcalls.FCHMOD.invokeExact(capture(), fd, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int msync(long address, long length, int flags) {
        try {
            return (int) Downcalls.MSYNC.invokeExact(capture(), address, length, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno not captured: the function returns it. */
    @Override
    public int posix_fallocate(int fd, long offset, long length) {
        try {
            return (int) Downcalls.POSIX_FALLOCATE.invokeExact(fd, offset, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; the path is copied for the call. */
    @Override
    public int mkfifo(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Downcalls.MKFIFO.invokeExact(capture(), arena.allocateFrom(path), mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int fstat(int fd, long statBuffer) {
        try {
            return (int) Downcalls.FSTAT.invokeExact(capture(), fd, statBuffer);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; the path is copied for the call. */
    @Override
    public int lstat(String path, long statBuffer) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Downcalls.LSTAT.invokeExact(capture(), arena.allocateFrom(path), statBuffer);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Variadic after {@code command}; errno captured. */
    @Override
    public int fcntl(int fd, int command, int argument) {
        try {
            return (int) Downcalls.FCNTL.invokeExact(capture(), fd, command, argument);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; the two descriptors come back through the thread's scratch. */
    @Override
    public int pipe2(int[] fds, int flags) {
        requireLength(fds.length, 2, "pipe2");
        ThreadState state = STATE.get();
        try {
            MemorySegment.copy(fds, 0, state.scratch, JAVA_INT, 0, 2);
            int result = (int) Downcalls.PIPE2.invokeExact(state.errno, state.scratchAddress, flags);
            MemorySegment.copy(state.scratch, JAVA_INT, 0, fds, 0, 2);
            return result;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int dup2(int oldFd, int newFd) {
        try {
            return (int) Downcalls.DUP2.invokeExact(capture(), oldFd, newFd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public long read(int fd, long buffer, long count) {
        try {
            return (long) Downcalls.READ.invokeExact(capture(), fd, buffer, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public long write(int fd, long buffer, long count) {
        try {
            return (long) Downcalls.WRITE.invokeExact(capture(), fd, buffer, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public long writev(int fd, long iov, int iovcnt) {
        try {
            return (long) Downcalls.WRITEV.invokeExact(capture(), fd, iov, iovcnt);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public long preadv2(int fd, long iov, int iovcnt, long offset, int flags) {
        try {
            return (long) Downcalls.PREADV2.invokeExact(capture(), fd, iov, iovcnt, offset, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public long pwritev2(int fd, long iov, int iovcnt, long offset, int flags) {
        try {
            return (long) Downcalls.PWRITEV2.invokeExact(capture(), fd, iov, iovcnt, offset, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public int poll(long fds, long count, int timeoutMillis) {
        try {
            return (int) Downcalls.POLL.invokeExact(capture(), fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- processes and users ---------------------------------------------------------------

    /** errno captured. */
    @Override
    public int kill(int pid, int signal) {
        try {
            return (int) Downcalls.KILL.invokeExact(capture(), pid, signal);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; glibc applies the change to every thread of the process. */
    @Override
    public int setuid(int uid) {
        try {
            return (int) Downcalls.SETUID.invokeExact(capture(), uid);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; glibc applies the change to every thread of the process. */
    @Override
    public int setgid(int gid) {
        try {
            return (int) Downcalls.SETGID.invokeExact(capture(), gid);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Cannot fail; errno not captured. */
    @Override
    public int umask(int mask) {
        try {
            return (int) Downcalls.UMASK.invokeExact(mask);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Cannot fail; errno not captured. */
    @Override
    public int geteuid() {
        try {
            return (int) Downcalls.GETEUID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getpwuid_r} into a confined arena; the name is the first field of {@code struct passwd}. */
    @Override
    public String userName(int uid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment entry = arena.allocate(ENTRY_BYTES, 8);
            MemorySegment strings = arena.allocate(NAME_BUFFER_BYTES);
            int error = (int) Downcalls.GETPWUID_R.invokeExact(uid, entry.address(), strings.address(),
                    (long) NAME_BUFFER_BYTES, entry.address() + RESULT_OFFSET);
            return error != 0 || entry.get(JAVA_LONG, RESULT_OFFSET) == 0 ? null : cString(entry.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getgrgid_r} into a confined arena; the name is the first field of {@code struct group}. */
    @Override
    public String groupName(int gid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment entry = arena.allocate(ENTRY_BYTES, 8);
            MemorySegment strings = arena.allocate(NAME_BUFFER_BYTES);
            int error = (int) Downcalls.GETGRGID_R.invokeExact(gid, entry.address(), strings.address(),
                    (long) NAME_BUFFER_BYTES, entry.address() + RESULT_OFFSET);
            return error != 0 || entry.get(JAVA_LONG, RESULT_OFFSET) == 0 ? null : cString(entry.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * @param address a NUL-terminated UTF-8 string in native memory, or 0
     * @return the string, or null for address 0
     */
    @SuppressWarnings("restricted") // a C string has no size: read to its NUL
    private static String cString(long address) {
        return address == 0 ? null : MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** errno captured; the {@code timespec} comes back through the thread's scratch. */
    @Override
    public int clock_gettime(int clock, long[] timespec) {
        requireLength(timespec.length, 2, "clock_gettime");
        ThreadState state = STATE.get();
        try {
            MemorySegment.copy(timespec, 0, state.scratch, JAVA_LONG, 0, 2);
            int result = (int) Downcalls.CLOCK_GETTIME.invokeExact(state.errno, clock, state.scratchAddress);
            MemorySegment.copy(state.scratch, JAVA_LONG, 0, timespec, 0, 2);
            return result;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public int clock_gettime(int clock, long timespecAddress) {
        try {
            return (int) Downcalls.CLOCK_GETTIME.invokeExact(capture(), clock, timespecAddress);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Variadic after {@code number}; errno captured; allocation-free (futex's path). */
    @Override
    public long syscall(long number, long a1, long a2, long a3, long a4, long a5) {
        try {
            return (long) Downcalls.SYSCALL.invokeExact(capture(), number, a1, a2, a3, a4, a5);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- POSIX named semaphores --------------------------------------------------------------

    /** Variadic after {@code oflag}; errno captured; the name is copied for the call. */
    @Override
    public long sem_open(String name, int flags, int mode, int value) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) Downcalls.SEM_OPEN.invokeExact(capture(), arena.allocateFrom(name), flags, mode, value);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int sem_close(long semaphore) {
        try {
            return (int) Downcalls.SEM_CLOSE.invokeExact(capture(), semaphore);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; the name is copied for the call. */
    @Override
    public int sem_unlink(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Downcalls.SEM_UNLINK.invokeExact(capture(), arena.allocateFrom(name));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public int sem_post(long semaphore) {
        try {
            return (int) Downcalls.SEM_POST.invokeExact(capture(), semaphore);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public int sem_trywait(long semaphore) {
        try {
            return (int) Downcalls.SEM_TRYWAIT.invokeExact(capture(), semaphore);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; the deadline goes through the thread's scratch. */
    @Override
    public int sem_timedwait(long semaphore, long[] absoluteTimespec) {
        requireLength(absoluteTimespec.length, 2, "sem_timedwait");
        ThreadState state = STATE.get();
        try {
            MemorySegment.copy(absoluteTimespec, 0, state.scratch, JAVA_LONG, 0, 2);
            return (int) Downcalls.SEM_TIMEDWAIT.invokeExact(state.errno, semaphore, state.scratchAddress);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; the value comes back through the thread's scratch. */
    @Override
    public int sem_getvalue(long semaphore, int[] value) {
        requireLength(value.length, 1, "sem_getvalue");
        ThreadState state = STATE.get();
        try {
            state.scratch.set(JAVA_INT, 0, value[0]);
            int result = (int) Downcalls.SEM_GETVALUE.invokeExact(state.errno, semaphore, state.scratchAddress);
            value[0] = state.scratch.get(JAVA_INT, 0);
            return result;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- System V IPC ------------------------------------------------------------------------

    /** errno captured; the path is copied for the call. */
    @Override
    public int ftok(String path, int projectId) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Downcalls.FTOK.invokeExact(capture(), arena.allocateFrom(path), projectId);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int semget(int key, int count, int flags) {
        try {
            return (int) Downcalls.SEMGET.invokeExact(capture(), key, count, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * errno captured; the first {@code 3 * count} shorts are copied for the call.
     *
     * @throws IllegalArgumentException when {@code count} is negative or the array holds fewer
     *         than {@code count} operations (C would read past it)
     */
    @Override
    public int semop(int semaphoreId, short[] operations, long count) {
        int shorts = sembufShorts(operations, count, "semop");
        ThreadState state = STATE.get();
        Arena arena = arenaIfLarger(2L * shorts);
        try {
            MemorySegment memory = arena == null ? state.scratch : arena.allocate(2L * shorts, 8);
            MemorySegment.copy(operations, 0, memory, JAVA_SHORT, 0, shorts);
            return (int) Downcalls.SEMOP.invokeExact(state.errno, semaphoreId, memory.address(), count);
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    /**
     * errno captured; the operations and the timeout are copied for the call, a null timeout is
     * passed as {@code NULL}.
     *
     * @throws IllegalArgumentException as {@link #semop}, or when the timeout has fewer than two
     *         elements
     */
    @Override
    public int semtimedop(int semaphoreId, short[] operations, long count, long[] relativeTimespec) {
        int shorts = sembufShorts(operations, count, "semtimedop");
        if (relativeTimespec != null) {
            requireLength(relativeTimespec.length, 2, "semtimedop");
        }
        long timespecOffset = (2L * shorts + 7) & ~7L;
        ThreadState state = STATE.get();
        Arena arena = arenaIfLarger(timespecOffset + 16);
        try {
            MemorySegment memory = arena == null ? state.scratch : arena.allocate(timespecOffset + 16, 8);
            MemorySegment.copy(operations, 0, memory, JAVA_SHORT, 0, shorts);
            long timeout = 0;
            if (relativeTimespec != null) {
                MemorySegment.copy(relativeTimespec, 0, memory, JAVA_LONG, timespecOffset, 2);
                timeout = memory.address() + timespecOffset;
            }
            return (int) Downcalls.SEMTIMEDOP.invokeExact(state.errno, semaphoreId, memory.address(), count, timeout);
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    /**
     * @param operations {@code sembuf}s, three shorts each
     * @param count      how many of them C reads
     * @param function   the function, for the message
     * @return the number of shorts to copy
     */
    private static int sembufShorts(short[] operations, long count, String function) {
        if (count < 0 || count > operations.length / 3) {
            throw new IllegalArgumentException(function + ": " + count + " operations asked, the array holds "
                    + operations.length / 3);
        }
        return (int) count * 3;
    }

    /** Variadic after {@code cmd}; errno captured; the argument is passed as a {@code long}. */
    @Override
    public int semctl(int semaphoreId, int index, int command, long argument) {
        try {
            return (int) Downcalls.SEMCTL.invokeExact(capture(), semaphoreId, index, command, argument);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Variadic after {@code cmd}; errno captured; the values are copied in (SETALL) and out
     * (GETALL). As in C, the array must have room for every semaphore of the set.
     */
    @Override
    public int semctl(int semaphoreId, int index, int command, short[] values) {
        long bytes = 2L * values.length;
        ThreadState state = STATE.get();
        Arena arena = arenaIfLarger(bytes);
        try {
            MemorySegment memory = arena == null ? state.scratch : arena.allocate(bytes, 8);
            MemorySegment.copy(values, 0, memory, JAVA_SHORT, 0, values.length);
            int result = (int) Downcalls.SEMCTL.invokeExact(state.errno, semaphoreId, index, command, memory.address());
            MemorySegment.copy(memory, JAVA_SHORT, 0, values, 0, values.length);
            return result;
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    /**
     * Variadic after {@code cmd}; errno captured; the {@code struct semid_ds} is copied in and out.
     * As in C, the array must hold the whole structure (104 bytes on the supported platforms).
     */
    @Override
    public int semctl(int semaphoreId, int index, int command, long[] semidDs) {
        long bytes = 8L * semidDs.length;
        ThreadState state = STATE.get();
        Arena arena = arenaIfLarger(bytes);
        try {
            MemorySegment memory = arena == null ? state.scratch : arena.allocate(bytes, 8);
            MemorySegment.copy(semidDs, 0, memory, JAVA_LONG, 0, semidDs.length);
            int result = (int) Downcalls.SEMCTL.invokeExact(state.errno, semaphoreId, index, command, memory.address());
            MemorySegment.copy(memory, JAVA_LONG, 0, semidDs, 0, semidDs.length);
            return result;
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    /** errno captured. */
    @Override
    public int msgget(int key, int flags) {
        try {
            return (int) Downcalls.MSGGET.invokeExact(capture(), key, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public int msgsnd(int queueId, long message, long length, int flags) {
        try {
            return (int) Downcalls.MSGSND.invokeExact(capture(), queueId, message, length, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public long msgrcv(int queueId, long message, long length, long type, int flags) {
        try {
            return (long) Downcalls.MSGRCV.invokeExact(capture(), queueId, message, length, type, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int msgctl(int queueId, int command, long status) {
        try {
            return (int) Downcalls.MSGCTL.invokeExact(capture(), queueId, command, status);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- POSIX message queues ----------------------------------------------------------------

    /** Variadic after {@code oflag}; errno captured; the name is copied for the call. */
    @Override
    public int mq_open(String name, int flags, int mode, long attributes) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Downcalls.MQ_OPEN.invokeExact(capture(), arena.allocateFrom(name), flags, mode, attributes);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int mq_close(int descriptor) {
        try {
            return (int) Downcalls.MQ_CLOSE.invokeExact(capture(), descriptor);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; the name is copied for the call. */
    @Override
    public int mq_unlink(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Downcalls.MQ_UNLINK.invokeExact(capture(), arena.allocateFrom(name));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int mq_getattr(int descriptor, long attributes) {
        try {
            return (int) Downcalls.MQ_GETATTR.invokeExact(capture(), descriptor, attributes);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public int mq_timedsend(int descriptor, long message, long length, int priority, long deadline) {
        try {
            return (int) Downcalls.MQ_TIMEDSEND.invokeExact(capture(), descriptor, message, length, priority, deadline);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured; allocation-free. */
    @Override
    public long mq_timedreceive(int descriptor, long buffer, long length, long priority, long deadline) {
        try {
            return (long) Downcalls.MQ_TIMEDRECEIVE.invokeExact(capture(), descriptor, buffer, length, priority,
                    deadline);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- sockets -----------------------------------------------------------------------------

    /** errno captured. */
    @Override
    public int socket(int domain, int type, int protocol) {
        try {
            return (int) Downcalls.SOCKET.invokeExact(capture(), domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int bind(int fd, long address, int addressLength) {
        try {
            return (int) Downcalls.BIND.invokeExact(capture(), fd, address, addressLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int listen(int fd, int backlog) {
        try {
            return (int) Downcalls.LISTEN.invokeExact(capture(), fd, backlog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int accept4(int fd, long address, long addressLength, int flags) {
        try {
            return (int) Downcalls.ACCEPT4.invokeExact(capture(), fd, address, addressLength, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int connect(int fd, long address, int addressLength) {
        try {
            return (int) Downcalls.CONNECT.invokeExact(capture(), fd, address, addressLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** errno captured. */
    @Override
    public int getsockopt(int fd, int level, int option, long value, long valueLength) {
        try {
            return (int) Downcalls.GETSOCKOPT.invokeExact(capture(), fd, level, option, value, valueLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * The downcall handles, one per C function, in static finals so the JIT treats them as
     * constants and inlines through {@code invokeExact}. A handle linked with errno capture takes
     * the thread's capture segment as its first argument. Initialized by
     * {@link FfmOsCalls#FfmOsCalls()} after the platform check.
     */
    private static final class Downcalls {
        /** The platform's C calling convention. */
        private static final Linker LINKER = Linker.nativeLinker();
        /** The C library, with libpthread and librt behind it for old glibc. */
        private static final SymbolLookup DEFAULT = LINKER.defaultLookup();
        /** Store errno after the call into the segment passed first. */
        private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

        static final MethodHandle STRERROR = plain("strerror", ADDRESS, JAVA_INT);
        static final MethodHandle OPEN = variadic("open", 2, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle CLOSE = errno("close", JAVA_INT, JAVA_INT);
        static final MethodHandle FCHMOD = errno("fchmod", JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle MSYNC = errno("msync", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final MethodHandle POSIX_FALLOCATE = plain("posix_fallocate", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final MethodHandle MKFIFO = errno("mkfifo", JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle FSTAT = errno("fstat", JAVA_INT, JAVA_INT, JAVA_LONG);
        static final MethodHandle LSTAT = errno("lstat", JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle FCNTL = variadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle PIPE2 = errno("pipe2", JAVA_INT, JAVA_LONG, JAVA_INT);
        static final MethodHandle DUP2 = errno("dup2", JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle READ = errno("read", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final MethodHandle WRITE = errno("write", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final MethodHandle WRITEV = errno("writev", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final MethodHandle PREADV2 = errno("preadv2",
                JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final MethodHandle PWRITEV2 = errno("pwritev2",
                JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final MethodHandle POLL = errno("poll", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final MethodHandle KILL = errno("kill", JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle SETUID = errno("setuid", JAVA_INT, JAVA_INT);
        static final MethodHandle SETGID = errno("setgid", JAVA_INT, JAVA_INT);
        static final MethodHandle UMASK = plain("umask", JAVA_INT, JAVA_INT);
        static final MethodHandle GETEUID = plain("geteuid", JAVA_INT);
        static final MethodHandle GETPWUID_R = plain("getpwuid_r",
                JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final MethodHandle GETGRGID_R = plain("getgrgid_r",
                JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final MethodHandle CLOCK_GETTIME = errno("clock_gettime", JAVA_INT, JAVA_INT, JAVA_LONG);
        static final MethodHandle SYSCALL = variadic("syscall", 1,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final MethodHandle SEM_OPEN = variadic("sem_open", 2, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle SEM_CLOSE = errno("sem_close", JAVA_INT, JAVA_LONG);
        static final MethodHandle SEM_UNLINK = errno("sem_unlink", JAVA_INT, ADDRESS);
        static final MethodHandle SEM_POST = errno("sem_post", JAVA_INT, JAVA_LONG);
        static final MethodHandle SEM_TRYWAIT = errno("sem_trywait", JAVA_INT, JAVA_LONG);
        static final MethodHandle SEM_TIMEDWAIT = errno("sem_timedwait", JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final MethodHandle SEM_GETVALUE = errno("sem_getvalue", JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final MethodHandle FTOK = errno("ftok", JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle SEMGET = errno("semget", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle SEMOP = errno("semop", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final MethodHandle SEMTIMEDOP = errno("semtimedop", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        /** The fourth argument (an int value or a pointer) as a {@code long}, in the variadic slot. */
        static final MethodHandle SEMCTL = variadic("semctl", 3, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
        static final MethodHandle MSGGET = errno("msgget", JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle MSGSND = errno("msgsnd", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final MethodHandle MSGRCV = errno("msgrcv",
                JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final MethodHandle MSGCTL = errno("msgctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
        static final MethodHandle MQ_OPEN = variadic("mq_open", 2, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG);
        static final MethodHandle MQ_CLOSE = errno("mq_close", JAVA_INT, JAVA_INT);
        static final MethodHandle MQ_UNLINK = errno("mq_unlink", JAVA_INT, ADDRESS);
        static final MethodHandle MQ_GETATTR = errno("mq_getattr", JAVA_INT, JAVA_INT, JAVA_LONG);
        static final MethodHandle MQ_TIMEDSEND = errno("mq_timedsend",
                JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG);
        static final MethodHandle MQ_TIMEDRECEIVE = errno("mq_timedreceive",
                JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final MethodHandle SOCKET = errno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle BIND = errno("bind", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final MethodHandle LISTEN = errno("listen", JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle ACCEPT4 = errno("accept4", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final MethodHandle CONNECT = errno("connect", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final MethodHandle GETSOCKOPT = errno("getsockopt",
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);

        private Downcalls() {
        }

        /** Does nothing; calling it runs the static initializer, which links every function. */
        static void ensureLinked() {
        }

        /**
         * @param name   a C function that leaves no errno worth reading
         * @param result its return type
         * @param params its parameter types
         * @return its handle, taking just the parameters
         */
        private static MethodHandle plain(String name, MemoryLayout result, MemoryLayout... params) {
            return link(name, FunctionDescriptor.of(result, params));
        }

        /**
         * @param name   a C function whose errno is read after a failure
         * @param result its return type
         * @param params its parameter types
         * @return its handle, taking the thread's capture segment and then the parameters
         */
        private static MethodHandle errno(String name, MemoryLayout result, MemoryLayout... params) {
            return link(name, FunctionDescriptor.of(result, params), CAPTURE_ERRNO);
        }

        /**
         * @param name          a variadic C function whose errno is read after a failure
         * @param firstVariadic the index of the first parameter in the {@code ...}
         * @param result        its return type
         * @param params        its parameter types, fixed and variadic, as passed (promoted)
         * @return its handle, taking the thread's capture segment and then the parameters
         */
        private static MethodHandle variadic(String name, int firstVariadic, MemoryLayout result,
                MemoryLayout... params) {
            return link(name, FunctionDescriptor.of(result, params), CAPTURE_ERRNO,
                    Linker.Option.firstVariadicArg(firstVariadic));
        }

        /**
         * Links one C function.
         *
         * @param name       its symbol
         * @param descriptor its C signature
         * @param options    errno capture, the first variadic argument
         * @return a handle taking the arguments (after the capture segment, when capturing), or
         *         one that throws {@link UnsatisfiedLinkError} when no library has the symbol
         */
        @SuppressWarnings("restricted") // this class is where the binding links C functions
        private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            Optional<MemorySegment> symbol = DEFAULT.find(name).or(() -> OldGlibc.find(name));
            if (symbol.isPresent()) {
                return LINKER.downcallHandle(symbol.get(), descriptor, options);
            }
            // the type a linked handle would have, so invokeExact call sites still match; the
            // handle fails when called
            MethodType type = descriptor.toMethodType();
            if (List.of(options).contains(CAPTURE_ERRNO)) {
                type = type.insertParameterTypes(0, MemorySegment.class);
            }
            UnsatisfiedLinkError missing = new UnsatisfiedLinkError("the C library has no function " + name
                    + " (looked in the default libraries, " + String.join(", ", OldGlibc.LIBRARIES) + ")");
            MethodHandle thrower = MethodHandles.throwException(type.returnType(), UnsatisfiedLinkError.class)
                    .bindTo(missing);
            return MethodHandles.dropArguments(thrower, 0, type.parameterList());
        }
    }

    /**
     * The libraries where glibc before 2.34 keeps functions that later moved into libc: the
     * {@code sem_*} functions in libpthread, the {@code mq_*} functions in librt. Loaded only when
     * a symbol is missing from the default lookup, so never on current systems; a library that
     * is not there is skipped.
     */
    private static final class OldGlibc {
        /** The libraries, by their soname. */
        static final String[] LIBRARIES = {"libpthread.so.0", "librt.so.1"};
        /** The libraries that could be loaded, each open for the life of the JVM. */
        private static final SymbolLookup LOOKUP = load();

        private OldGlibc() {
        }

        /**
         * @param name a symbol
         * @return it, from the first library that has it
         */
        static Optional<MemorySegment> find(String name) {
            return LOOKUP.find(name);
        }

        /** @return a lookup over the libraries that exist here */
        @SuppressWarnings("restricted") // loads C libraries, as the binding is meant to
        private static SymbolLookup load() {
            SymbolLookup lookup = name -> Optional.empty();
            for (String library : LIBRARIES) {
                try {
                    lookup = lookup.or(SymbolLookup.libraryLookup(library, Arena.global()));
                } catch (IllegalArgumentException absent) {
                    // not on this system: nothing to find there
                }
            }
            return lookup;
        }
    }
}
