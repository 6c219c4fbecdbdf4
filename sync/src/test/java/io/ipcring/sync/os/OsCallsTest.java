package io.ipcring.sync.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.testsupport.AllocationMeter;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every kind of call of {@link Os#CALLS} against the real kernel and C library, with the
 * same expectations whichever binding the JVM picked: jnr-ffi on Java 17–21, java.lang.foreign on
 * 22+. The error cases are ones root cannot bypass (the build may run as root, which passes every
 * permission check), so no test depends on EACCES. Every test removes what it creates: files and
 * FIFOs live in a {@link TempDir}; semaphores, queues and descriptors are released in
 * {@code finally}.
 *
 * <p>The numbers below are Linux's, the same on x86-64 and aarch64.
 */
@Timeout(60)
class OsCallsTest {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 01;
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final short POLLIN = 1;
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int IPC_PRIVATE = 0;
    private static final int IPC_CREAT = 01000;
    private static final int IPC_NOWAIT = 04000;
    private static final int IPC_RMID = 0;
    private static final int IPC_STAT = 2;
    private static final int GETVAL = 12;
    private static final int GETALL = 13;
    private static final int SETVAL = 16;
    private static final int SETALL = 17;
    /** Index of {@code sem_nsems} in a {@code struct semid_ds} read as longs (byte offset 80). */
    private static final int SEMID_DS_NSEMS = 10;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    /** {@code sizeof(struct sockaddr_un)}: the family, then 108 bytes of path. */
    private static final int SOCKADDR_UN_BYTES = 110;
    private static final long MILLISECOND = TimeUnit.MILLISECONDS.toNanos(1);

    private static final OsCalls CALLS = Os.CALLS;

    @TempDir
    Path dir;

    // ---- helpers -----------------------------------------------------------------------------

    /** A direct buffer in native byte order, as C reads structures. */
    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /** The native address of a direct buffer's index 0. */
    private static long address(ByteBuffer buffer) {
        return CALLS.address(buffer);
    }

    /** Asserts C's failure: -1 and the calling thread's errno. */
    private static void assertFails(int expectedErrno, long result, String call) {
        int errno = CALLS.errno();
        assertEquals(-1L, result, call + " should fail with " + Errno.name(expectedErrno));
        assertEquals(expectedErrno, errno, call + ": errno " + Errno.describe(errno));
    }

    /** Asserts success: not -1 (errno in the message otherwise). */
    private static long assertSucceeds(long result, String call) {
        if (result == -1) {
            int errno = CALLS.errno();
            throw new AssertionError(call + " failed: " + Errno.describe(errno));
        }
        return result;
    }

    /** Asserts a call returned 0 (errno in the message otherwise). */
    private static void assertZero(long result, String call) {
        if (result != 0) {
            int errno = CALLS.errno();
            throw new AssertionError(call + " returned " + result + ", errno " + Errno.describe(errno));
        }
    }

    /** A clock's time as {@code {tv_sec, tv_nsec}}. */
    private static long[] now(int clock) {
        long[] timespec = new long[2];
        assertEquals(0, CALLS.clock_gettime(clock, timespec));
        return timespec;
    }

    /** A {@code timespec} moved by some nanoseconds, either way, normalized. */
    private static long[] plusNanos(long[] timespec, long nanos) {
        long total = timespec[1] + nanos;
        return new long[] {timespec[0] + Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L)};
    }

    /** A name for a POSIX semaphore or queue that no other run or test uses. */
    private static String uniqueIpcName(String what) {
        return "/" + TestPaths.uniqueName("oscalls-" + what);
    }

    /** Whether this JVM runs the java.lang.foreign binding. */
    private static boolean foreignBinding() {
        return "java.lang.foreign".equals(Os.bindingName());
    }

    // ---- the binding itself ------------------------------------------------------------------

    /** The multi-release jar picks java.lang.foreign on Java 22+ and jnr-ffi before. */
    @Test
    void theBindingIsForeignExactlyFromJava22() {
        assertEquals(Runtime.version().feature() >= 22, foreignBinding(),
                "Java " + Runtime.version() + " runs binding " + Os.bindingName());
    }

    /** {@code strerror}'s {@code char *} comes back as the C library's text. */
    @Test
    void strerrorGivesTheCLibraryText() {
        assertEquals("Invalid argument", CALLS.strerror(Errno.EINVAL));
        assertEquals("No such file or directory", CALLS.strerror(Errno.ENOENT));
    }

    /** {@code address} ignores the position, follows slices and rejects heap buffers. */
    @Test
    void addressIsThatOfIndexZeroWhateverThePosition() {
        ByteBuffer buffer = direct(64);
        long address = address(buffer);
        assertNotEquals(0L, address);
        buffer.position(24);
        assertEquals(address, address(buffer), "address of a buffer at position 24");
        assertEquals(address + 16, address(buffer.duplicate().clear().position(16).slice()));
        assertThrows(IllegalArgumentException.class, () -> CALLS.address(ByteBuffer.allocate(8)));
    }

    // ---- files and descriptors -------------------------------------------------------------

    /** {@code open} failures root cannot bypass: ENOENT, EISDIR, ENOTDIR, EEXIST. */
    @Test
    void openFailsWithTheErrnoOfTheCause() throws IOException {
        assertFails(Errno.ENOENT, CALLS.open(dir.resolve("missing").toString(), O_RDONLY, 0), "open(missing)");
        assertFails(Errno.EISDIR, CALLS.open(dir.toString(), O_WRONLY, 0), "open(directory, O_WRONLY)");
        Path file = Files.createFile(dir.resolve("file"));
        assertFails(Errno.ENOTDIR, CALLS.open(file.resolve("child").toString(), O_RDONLY, 0), "open(file/child)");
        assertFails(Errno.EEXIST, CALLS.open(file.toString(), O_CREAT | O_EXCL | O_RDWR, 0600),
                "open(existing, O_CREAT|O_EXCL)");
    }

    /** {@code open(O_CREAT)} makes the file with its mode and a non-ASCII name; {@code fchmod} changes it. */
    @Test
    void openCreatesWithTheModeAndUtf8Name() throws IOException {
        // a non-ASCII name only where the JVM's own file names are UTF-8 too, so Files (and the
        // TempDir cleanup) can name the file the binding made
        boolean utf8Names = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
        Path file = dir.resolve(utf8Names ? "n\u00e4me-\u20ac" : "name");
        int fd = (int) assertSucceeds(CALLS.open(file.toString(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0640),
                "open(O_CREAT)");
        try {
            assertTrue(Files.exists(file), "the name reached the kernel intact: " + file);
            ByteBuffer stat = direct(StatLayout.SIZE);
            assertEquals(0, CALLS.fstat(fd, address(stat)));
            assertEquals(0640, stat.getInt(StatLayout.MODE_OFFSET) & 0777);
            assertEquals(0, CALLS.fchmod(fd, 0600));
            assertEquals(0, CALLS.fstat(fd, address(stat)));
            assertEquals(0600, stat.getInt(StatLayout.MODE_OFFSET) & 0777);
        } finally {
            assertEquals(0, CALLS.close(fd));
        }
    }

    /** {@code close} of no descriptor fails with EBADF. */
    @Test
    void closeOfABadDescriptorIsEbadf() {
        assertFails(Errno.EBADF, CALLS.close(-1), "close(-1)");
    }

    /** {@code posix_fallocate} returns its error (EBADF on a read-only descriptor) rather than -1. */
    @Test
    void posixFallocateReturnsTheErrnoInsteadOfMinusOne() throws IOException {
        Path file = Files.createFile(dir.resolve("read-only"));
        int fd = (int) assertSucceeds(CALLS.open(file.toString(), O_RDONLY, 0), "open");
        try {
            assertEquals(Errno.EBADF, CALLS.posix_fallocate(fd, 0, 4096), "posix_fallocate on an O_RDONLY fd");
        } finally {
            CALLS.close(fd);
        }
        int writable = (int) assertSucceeds(CALLS.open(file.toString(), O_RDWR, 0), "open");
        try {
            assertEquals(0, CALLS.posix_fallocate(writable, 0, 4096));
            assertEquals(4096, Files.size(file));
        } finally {
            CALLS.close(writable);
        }
    }

    /**
     * {@code posix_fallocate} past a full file system returns ENOSPC, the error a ring creation
     * on a full /dev/shm meets: a 1 MiB tmpfs of this test's own, mounted in its temp dir and
     * unmounted after (skipped where this process may not mount, i.e. without root).
     */
    @Test
    void posixFallocateOnAFullFileSystemIsEnospc() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("small-tmpfs"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "ipcring-test", mountPoint.toString())
                .redirectErrorStream(true).start();
        String mountOutput = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " + mountOutput);
        try {
            Path file = mountPoint.resolve("too-big");
            int fd = (int) assertSucceeds(CALLS.open(file.toString(), O_RDWR | O_CREAT | O_EXCL, 0600), "open");
            try {
                assertEquals(Errno.ENOSPC, CALLS.posix_fallocate(fd, 0, 4L << 20), "4 MiB on a 1 MiB tmpfs");
                assertEquals(0, CALLS.posix_fallocate(fd, 0, 64 * 1024), "64 KiB fits");
            } finally {
                CALLS.close(fd);
            }
        } finally {
            Process umount = new ProcessBuilder("umount", mountPoint.toString()).redirectErrorStream(true).start();
            String umountOutput = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, umount.waitFor(), "umount " + mountPoint + ": " + umountOutput);
        }
    }

    /** {@code mkfifo}, {@code lstat} and {@code fstat}: a FIFO of this user, EEXIST the second time. */
    @Test
    void mkfifoTwiceIsEexistAndStatShowsAFifoOfThisUser() {
        String fifo = dir.resolve("fifo").toString();
        assertEquals(0, CALLS.mkfifo(fifo, 0600));
        assertFails(Errno.EEXIST, CALLS.mkfifo(fifo, 0600), "second mkfifo");

        ByteBuffer stat = direct(StatLayout.SIZE);
        assertEquals(0, CALLS.lstat(fifo, address(stat)));
        assertEquals(StatLayout.S_IFIFO, stat.getInt(StatLayout.MODE_OFFSET) & StatLayout.S_IFMT);
        assertEquals(CALLS.geteuid(), stat.getInt(StatLayout.UID_OFFSET));

        // a FIFO opens for reading without a writer when non-blocking
        int fd = (int) assertSucceeds(CALLS.open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0), "open(fifo)");
        try {
            ByteBuffer fdStat = direct(StatLayout.SIZE);
            assertEquals(0, CALLS.fstat(fd, address(fdStat)));
            assertEquals(StatLayout.S_IFIFO, fdStat.getInt(StatLayout.MODE_OFFSET) & StatLayout.S_IFMT);
            assertEquals(CALLS.geteuid(), fdStat.getInt(StatLayout.UID_OFFSET));
        } finally {
            CALLS.close(fd);
        }
        assertFails(Errno.ENOENT, CALLS.lstat(dir.resolve("no-fifo").toString(), address(stat)), "lstat(missing)");
        assertFails(Errno.EBADF, CALLS.fstat(-1, address(stat)), "fstat(-1)");
    }

    /** {@code pipe2}, {@code write}, {@code poll}, {@code read}, {@code fcntl(O_NONBLOCK)} and EAGAIN. */
    @Test
    void aPipeCarriesBytesPollsAndGoesNonBlocking() {
        int[] fds = {-1, -1};
        assertEquals(0, CALLS.pipe2(fds, O_CLOEXEC));
        assertTrue(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "descriptors " + fds[0] + ", " + fds[1]);
        try {
            ByteBuffer pollFd = direct(8);
            pollFd.putInt(0, fds[0]).putShort(4, POLLIN).putShort(6, (short) 0);
            assertEquals(0, CALLS.poll(address(pollFd), 1, 0), "poll of an empty pipe");

            ByteBuffer out = direct(16);
            out.put(0, "hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals(5, CALLS.write(fds[1], address(out), 5));
            assertEquals(1, CALLS.poll(address(pollFd), 1, 0), "poll of a pipe with bytes");
            assertEquals(POLLIN, pollFd.getShort(6));

            ByteBuffer in = direct(16);
            assertEquals(5, CALLS.read(fds[0], address(in), 16));
            byte[] read = new byte[5];
            in.get(0, read);
            assertEquals("hello", new String(read, StandardCharsets.US_ASCII));

            int flags = (int) assertSucceeds(CALLS.fcntl(fds[0], F_GETFL, 0), "fcntl(F_GETFL)");
            assertEquals(0, flags & O_NONBLOCK);
            assertEquals(0, CALLS.fcntl(fds[0], F_SETFL, flags | O_NONBLOCK));
            assertEquals(O_NONBLOCK, CALLS.fcntl(fds[0], F_GETFL, 0) & O_NONBLOCK);
            assertFails(Errno.EAGAIN, CALLS.read(fds[0], address(in), 16), "read of an empty non-blocking pipe");
        } finally {
            CALLS.close(fds[0]);
            CALLS.close(fds[1]);
        }
    }

    /** An array of a failed call keeps its contents: it is copied in before the call, out after. */
    @Test
    void pipe2FailureLeavesTheArrayAlone() {
        int[] fds = {-7, -8};
        assertFails(Errno.EINVAL, CALLS.pipe2(fds, -1), "pipe2 with invalid flags");
        assertArrayEquals(new int[] {-7, -8}, fds);
    }

    /** {@code writev}, {@code pwritev2}, {@code dup2} and {@code preadv2} over {@code iovec}s. */
    @Test
    void dup2AndVectoredIoAtOffsets() throws IOException {
        Path file = dir.resolve("vectored");
        int fd = (int) assertSucceeds(CALLS.open(file.toString(), O_CREAT | O_RDWR | O_CLOEXEC, 0600), "open");
        int copy = -1;
        try {
            // two iovecs {base, length} over two buffers
            ByteBuffer first = direct(4);
            first.put(0, "abcd".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer second = direct(3);
            second.put(0, "xyz".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer iov = direct(32);
            iov.putLong(0, address(first)).putLong(8, 4).putLong(16, address(second)).putLong(24, 3);
            assertEquals(7, CALLS.writev(fd, address(iov), 2));
            assertEquals(7, CALLS.pwritev2(fd, address(iov), 2, 100, 0));
            assertEquals(107, Files.size(file));

            copy = (int) assertSucceeds(CALLS.dup2(fd, 100 + fd), "dup2");
            assertEquals(100 + fd, copy);
            ByteBuffer back = direct(7);
            ByteBuffer readIov = direct(16);
            readIov.putLong(0, address(back)).putLong(8, 7);
            assertEquals(7, CALLS.preadv2(copy, address(readIov), 1, 100, 0));
            byte[] bytes = new byte[7];
            back.get(0, bytes);
            assertEquals("abcdxyz", new String(bytes, StandardCharsets.US_ASCII));
            assertFails(Errno.EBADF, CALLS.dup2(-1, copy), "dup2(-1)");
        } finally {
            CALLS.close(fd);
            if (copy >= 0) {
                CALLS.close(copy);
            }
        }
    }

    // ---- futex and clocks --------------------------------------------------------------------

    /** The futex system call through {@code syscall}: EAGAIN on a changed word, ETIMEDOUT after a 1 ms wait. */
    @Test
    void futexWaitFailsOnAWrongValueAndTimesOutOnTheRightOne() {
        ByteBuffer word = direct(8);
        word.putInt(0, 5);
        long futex = Platform.CURRENT.futexSyscall();
        assertFails(Errno.EAGAIN, CALLS.syscall(futex, address(word), FUTEX_WAIT, 6, 0, 0), "futex wait, 6 != 5");

        ByteBuffer timeout = direct(16);
        timeout.putLong(0, 0).putLong(8, MILLISECOND);
        long start = System.nanoTime();
        assertFails(Errno.ETIMEDOUT, CALLS.syscall(futex, address(word), FUTEX_WAIT, 5, address(timeout), 0),
                "futex wait 1 ms");
        assertTrue(System.nanoTime() - start >= MILLISECOND, "waited at least the timeout");
        assertEquals(0, CALLS.syscall(futex, address(word), FUTEX_WAKE, 1, 0, 0), "wake with no waiter");
    }

    /** Both {@code clock_gettime} forms read the clocks; a bad clock is EINVAL. */
    @Test
    void clockGettimeIntoAnArrayAndAtAnAddress() {
        long[] first = now(CLOCK_MONOTONIC);
        ByteBuffer timespec = direct(16);
        assertEquals(0, CALLS.clock_gettime(CLOCK_MONOTONIC, address(timespec)));
        long firstNanos = first[0] * 1_000_000_000L + first[1];
        long secondNanos = timespec.getLong(0) * 1_000_000_000L + timespec.getLong(8);
        assertTrue(secondNanos >= firstNanos, firstNanos + " then " + secondNanos);
        assertTrue(first[1] >= 0 && first[1] < 1_000_000_000L);
        long[] wall = now(CLOCK_REALTIME);
        assertTrue(Math.abs(wall[0] - System.currentTimeMillis() / 1000) <= 2, "realtime seconds " + wall[0]);
        assertFails(Errno.EINVAL, CALLS.clock_gettime(-12345, new long[2]), "clock_gettime(bad clock)");
    }

    /**
     * A futex wake is the hot call of every wait and notify: once warmed up it must allocate
     * nothing on the heap. Measured in rounds of 100,000 calls after a warm-up of as many, until
     * a round allocates under 1 KiB (the JIT compiles in the background, so the first measured
     * round may still run in the interpreter); both bindings pass.
     */
    @Test
    void futexWakeAllocatesNothingOnceWarm() {
        Assumptions.assumeTrue(AllocationMeter.isAvailable(), "the JVM measures allocation per thread");
        ByteBuffer word = direct(8);
        long address = address(word);
        long futex = Platform.CURRENT.futexSyscall();
        long woken = wakeLoop(futex, address);
        List<Long> rounds = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            AllocationMeter meter = AllocationMeter.start();
            woken += wakeLoop(futex, address);
            long allocated = meter.bytes();
            rounds.add(allocated);
            if (allocated < 1024) {
                break;
            }
        }
        System.out.println(Os.bindingName() + ": bytes allocated per 100,000 futex wakes, by round: " + rounds);
        assertEquals(0, woken, "no waiter was ever woken");
        long last = rounds.get(rounds.size() - 1);
        assertTrue(last < 1024, "bytes allocated per round of 100,000 futex wakes: " + rounds);
        word.putInt(0, 0); // the buffer stays reachable to here
    }

    /** Wakes waiters of a futex word 100,000 times; returns how many were woken in all. */
    private static long wakeLoop(long futex, long address) {
        long sum = 0;
        for (int i = 0; i < 100_000; i++) {
            sum += CALLS.syscall(futex, address, FUTEX_WAKE, 1, 0, 0);
        }
        return sum;
    }

    // ---- processes and users ---------------------------------------------------------------

    /** {@code kill(pid, 0)} finds this process and no process above the pid limit. */
    @Test
    void killProbesProcesses() {
        assertEquals(0, CALLS.kill((int) ProcessHandle.current().pid(), 0));
        // above the kernel's limit for pids (4,194,304), so no process can have it
        assertFails(Errno.ESRCH, CALLS.kill(Integer.MAX_VALUE, 0), "kill(unused pid, 0)");
    }

    /** {@code getpwuid_r}/{@code getgrgid_r}: root's names, null for ids nobody has. */
    @Test
    void userAndGroupNamesComeFromTheDatabases() {
        assertEquals("root", CALLS.userName(0));
        assertEquals("root", CALLS.groupName(0));
        assertNull(CALLS.userName(1_999_999_999), "no such user");
        assertNull(CALLS.groupName(1_999_999_999), "no such group");
        assertEquals(System.getProperty("user.name"), CALLS.userName(CALLS.geteuid()));
    }

    // ---- POSIX named semaphores --------------------------------------------------------------

    /** A POSIX named semaphore from {@code sem_open} to {@code sem_unlink}, with EAGAIN and ETIMEDOUT. */
    @Test
    void aNamedSemaphoreCountsWaitsAndTimesOut() {
        String name = uniqueIpcName("sem");
        long semaphore = CALLS.sem_open(name, O_CREAT | O_EXCL, 0600, 0);
        if (semaphore == 0) {
            throw new AssertionError("sem_open failed: " + Errno.describe(CALLS.errno()));
        }
        try {
            assertEquals(0, CALLS.sem_open(name, O_CREAT | O_EXCL, 0600, 0), "second exclusive sem_open");
            assertEquals(Errno.EEXIST, CALLS.errno());

            assertFails(Errno.EAGAIN, CALLS.sem_trywait(semaphore), "sem_trywait at 0");
            assertEquals(0, CALLS.sem_post(semaphore));
            assertEquals(0, CALLS.sem_post(semaphore));
            int[] value = {-1};
            assertEquals(0, CALLS.sem_getvalue(semaphore, value));
            assertEquals(2, value[0]);
            assertEquals(0, CALLS.sem_trywait(semaphore));
            assertEquals(0, CALLS.sem_timedwait(semaphore, plusNanos(now(CLOCK_REALTIME), 1000 * MILLISECOND)));
            assertEquals(0, CALLS.sem_getvalue(semaphore, value));
            assertEquals(0, value[0]);

            long[] justPast = plusNanos(now(CLOCK_REALTIME), -MILLISECOND);
            assertFails(Errno.ETIMEDOUT, CALLS.sem_timedwait(semaphore, justPast), "sem_timedwait past its deadline");
            assertFails(Errno.EINVAL, CALLS.sem_timedwait(semaphore, new long[] {0, 2_000_000_000L}),
                    "sem_timedwait with tv_nsec out of range");
        } finally {
            assertEquals(0, CALLS.sem_close(semaphore));
            assertEquals(0, CALLS.sem_unlink(name));
        }
        assertFails(Errno.ENOENT, CALLS.sem_unlink(name), "second sem_unlink");
    }

    // ---- System V IPC ------------------------------------------------------------------------

    /** A System V semaphore set: every {@code semctl} form, {@code semop}, {@code semtimedop}, removal. */
    @Test
    void aSemaphoreSetOperatesTimesOutAndIsRemoved() {
        int id = (int) assertSucceeds(CALLS.semget(IPC_PRIVATE, 2, IPC_CREAT | 0600), "semget");
        boolean removed = false;
        try {
            assertEquals(0, CALLS.semctl(id, 0, SETVAL, 3));
            assertEquals(3, CALLS.semctl(id, 0, GETVAL, 0));
            assertEquals(0, CALLS.semop(id, new short[] {0, -1, 0}, 1));
            assertEquals(2, CALLS.semctl(id, 0, GETVAL, 0));

            assertZero(CALLS.semctl(id, 0, SETALL, new short[] {5, 7}), "semctl(SETALL)");
            short[] all = new short[2];
            assertEquals(0, CALLS.semctl(id, 0, GETALL, all));
            assertArrayEquals(new short[] {5, 7}, all);

            // take 8 from semaphore 1, which holds 7: waits, and times out after 1 ms
            assertFails(Errno.EAGAIN, CALLS.semtimedop(id, new short[] {1, -8, 0}, 1, new long[] {0, MILLISECOND}),
                    "semtimedop past its timeout");
            // no timeout (NULL) but IPC_NOWAIT: fails at once instead of waiting forever
            assertFails(Errno.EAGAIN, CALLS.semtimedop(id, new short[] {1, -8, IPC_NOWAIT}, 1, null),
                    "semtimedop without timeout, IPC_NOWAIT");
            assertEquals(0, CALLS.semtimedop(id, new short[] {0, -1, 0, 1, -1, 0}, 2, null));
            assertEquals(0, CALLS.semctl(id, 0, GETALL, all));
            assertArrayEquals(new short[] {4, 6}, all);

            long[] semidDs = new long[16];
            assertEquals(0, CALLS.semctl(id, 0, IPC_STAT, semidDs));
            assertEquals(2, semidDs[SEMID_DS_NSEMS], "sem_nsems");

            assertEquals(0, CALLS.semctl(id, 0, IPC_RMID, 0));
            removed = true;
            assertFails(Errno.EINVAL, CALLS.semctl(id, 0, GETVAL, 0), "GETVAL of a removed set");
        } finally {
            if (!removed) {
                CALLS.semctl(id, 0, IPC_RMID, 0);
            }
        }
    }

    /** A System V message queue: a message there and back, ENOMSG when empty, removal. */
    @Test
    void aMessageQueueCarriesAMessageAndIsRemoved() {
        int id = (int) assertSucceeds(CALLS.msgget(IPC_PRIVATE, IPC_CREAT | 0600), "msgget");
        boolean removed = false;
        try {
            ByteBuffer message = direct(64); // struct msgbuf: long mtype, then the text
            message.putLong(0, 7).put(8, "ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, CALLS.msgsnd(id, address(message), 4, IPC_NOWAIT));

            ByteBuffer received = direct(64);
            assertEquals(4, CALLS.msgrcv(id, address(received), 56, 0, IPC_NOWAIT));
            assertEquals(7, received.getLong(0));
            byte[] text = new byte[4];
            received.get(8, text);
            assertEquals("ping", new String(text, StandardCharsets.US_ASCII));

            assertFails(Errno.ENOMSG, CALLS.msgrcv(id, address(received), 56, 0, IPC_NOWAIT),
                    "msgrcv of an empty queue");
            assertEquals(0, CALLS.msgctl(id, IPC_RMID, 0));
            removed = true;
        } finally {
            if (!removed) {
                CALLS.msgctl(id, IPC_RMID, 0);
            }
        }
    }

    /** {@code ftok} makes a key from a file that exists, ENOENT otherwise. */
    @Test
    void ftokMakesAKeyFromAnExistingFileOnly() throws IOException {
        Path file = Files.createFile(dir.resolve("key"));
        assertNotEquals(-1, CALLS.ftok(file.toString(), 'i'));
        assertFails(Errno.ENOENT, CALLS.ftok(dir.resolve("no-key").toString(), 'i'), "ftok(missing)");
    }

    // ---- POSIX message queues ----------------------------------------------------------------

    /** A POSIX message queue with attributes: send, receive with priority, ETIMEDOUT, EMSGSIZE, unlink. */
    @Test
    void aPosixQueueSendsReceivesAndTimesOut() {
        String name = uniqueIpcName("mq");
        ByteBuffer attributes = direct(64); // struct mq_attr: flags, maxmsg, msgsize, curmsgs
        attributes.putLong(0, 0).putLong(8, 4).putLong(16, 64).putLong(24, 0);
        int queue = (int) assertSucceeds(CALLS.mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600,
                address(attributes)), "mq_open");
        try {
            ByteBuffer got = direct(64);
            assertEquals(0, CALLS.mq_getattr(queue, address(got)));
            assertEquals(4, got.getLong(8), "mq_maxmsg");
            assertEquals(64, got.getLong(16), "mq_msgsize");

            ByteBuffer deadline = direct(16);
            long[] soon = plusNanos(now(CLOCK_REALTIME), 1000 * MILLISECOND);
            deadline.putLong(0, soon[0]).putLong(8, soon[1]);
            ByteBuffer message = direct(64);
            message.put(0, "pong".getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, CALLS.mq_timedsend(queue, address(message), 4, 3, address(deadline)));
            assertEquals(0, CALLS.mq_getattr(queue, address(got)));
            assertEquals(1, got.getLong(24), "mq_curmsgs");

            ByteBuffer received = direct(64);
            ByteBuffer priority = direct(8);
            assertEquals(4, CALLS.mq_timedreceive(queue, address(received), 64, address(priority), address(deadline)));
            assertEquals(3, priority.getInt(0));
            byte[] text = new byte[4];
            received.get(0, text);
            assertEquals("pong", new String(text, StandardCharsets.US_ASCII));

            long[] past = plusNanos(now(CLOCK_REALTIME), -MILLISECOND);
            deadline.putLong(0, past[0]).putLong(8, past[1]);
            assertFails(Errno.ETIMEDOUT, CALLS.mq_timedreceive(queue, address(received), 64, 0, address(deadline)),
                    "mq_timedreceive of an empty queue past its deadline");
            assertFails(Errno.EMSGSIZE, CALLS.mq_timedreceive(queue, address(received), 8, 0, address(deadline)),
                    "mq_timedreceive into a buffer smaller than mq_msgsize");
        } finally {
            assertEquals(0, CALLS.mq_close(queue));
            assertEquals(0, CALLS.mq_unlink(name));
        }
        assertFails(Errno.ENOENT, CALLS.mq_unlink(name), "second mq_unlink");
    }

    // ---- sockets -----------------------------------------------------------------------------

    /** A Unix socket bound in a temporary directory: listen, connect, {@code accept4}, SO_PEERCRED. */
    @Test
    void aUnixSocketConnectsAndTellsThePeersCredentials() {
        Path path = dir.resolve("s.sock");
        ByteBuffer address = direct(SOCKADDR_UN_BYTES);
        address.putShort(0, (short) AF_UNIX).put(2, path.toString().getBytes(StandardCharsets.UTF_8));
        int listener = (int) assertSucceeds(CALLS.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket");
        int client = -1;
        int accepted = -1;
        try {
            assertEquals(0, CALLS.bind(listener, address(address), SOCKADDR_UN_BYTES));
            assertEquals(0, CALLS.listen(listener, 4));
            client = (int) assertSucceeds(CALLS.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket");
            assertFails(Errno.EADDRINUSE, CALLS.bind(client, address(address), SOCKADDR_UN_BYTES),
                    "bind to a bound path");
            assertEquals(0, CALLS.connect(client, address(address), SOCKADDR_UN_BYTES));
            accepted = (int) assertSucceeds(CALLS.accept4(listener, 0, 0, SOCK_CLOEXEC), "accept4");

            ByteBuffer credentials = direct(12); // struct ucred: pid, uid, gid
            ByteBuffer length = direct(4);
            length.putInt(0, 12);
            assertEquals(0, CALLS.getsockopt(accepted, SOL_SOCKET, SO_PEERCRED, address(credentials), address(length)));
            assertEquals(12, length.getInt(0));
            assertEquals(ProcessHandle.current().pid(), credentials.getInt(0));
            assertEquals(CALLS.geteuid(), credentials.getInt(4));

            ByteBuffer stat = direct(StatLayout.SIZE);
            assertEquals(0, CALLS.lstat(path.toString(), address(stat)));
            assertEquals(StatLayout.S_IFSOCK, stat.getInt(StatLayout.MODE_OFFSET) & StatLayout.S_IFMT);
            int notASocket = (int) assertSucceeds(CALLS.open(dir.toString(), O_RDONLY | O_CLOEXEC, 0), "open(dir)");
            try {
                assertFails(Errno.ENOTSOCK, CALLS.listen(notASocket, 1), "listen on a directory");
            } finally {
                CALLS.close(notASocket);
            }
        } finally {
            CALLS.close(listener);
            if (client >= 0) {
                CALLS.close(client);
            }
            if (accepted >= 0) {
                CALLS.close(accepted);
            }
        }
    }

    // ---- mappings ----------------------------------------------------------------------------

    /**
     * {@code msync}: a page-aligned range of a mapping succeeds, an address inside a page is
     * EINVAL, a range past the mapping (unmapped memory) is ENOMEM.
     */
    @Test
    void msyncWritesBackAlignedRangesAndRefusesOthers() throws IOException {
        int msSync = 4;
        Path file = dir.resolve("msynced");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedFile mapped = CALLS.map(channel, false, 8192);
            try {
                mapped.buffer().putLong(4096, 42L);
                assertZero(CALLS.msync(mapped.address(), 8192, msSync), "msync of the whole mapping");
                assertZero(CALLS.msync(mapped.address() + 4096, 8, msSync), "msync of a page's first bytes");
                assertFails(Errno.EINVAL, CALLS.msync(mapped.address() + 8, 8, msSync), "msync inside a page");
                assertEquals(42L, ByteBuffer.wrap(Files.readAllBytes(file)).getLong(4096));
            } finally {
                mapped.unmap();
            }
            assertFails(Errno.ENOMEM, CALLS.msync(mapped.address(), 8192, msSync), "msync of an unmapped range");
        }
    }

    /**
     * {@code map}: read-write and read-only views of one file agree, the address is the memory, unmap is idempotent.
     */
    @Test
    void aMappingWritesThroughToTheFileAndUnmapsOnce() throws IOException {
        Path file = dir.resolve("mapped");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedFile writable = CALLS.map(channel, false, 4096);
            MappedFile readable = null;
            try {
                assertEquals(4096, Files.size(file), "a read-write mapping grows the file");
                ByteBuffer buffer = writable.buffer();
                assertEquals(4096, buffer.capacity());
                assertEquals(0, buffer.position());
                assertEquals(4096, buffer.limit());
                assertEquals(ByteOrder.BIG_ENDIAN, buffer.order());
                assertNotEquals(0L, writable.address());
                assertEquals(writable.address(), CALLS.address(buffer));
                buffer.putLong(8, 0x0123_4567_89AB_CDEFL);

                readable = CALLS.map(channel, true, 4096);
                assertTrue(readable.buffer().isReadOnly());
                assertEquals(0x0123_4567_89AB_CDEFL, readable.buffer().getLong(8));
                assertNotEquals(writable.address(), readable.address());

                // the native address is the buffer's memory: read it with a system call
                ByteBuffer copy = direct(8);
                int[] fds = new int[2];
                assertEquals(0, CALLS.pipe2(fds, O_CLOEXEC));
                try {
                    assertEquals(8, CALLS.write(fds[1], writable.address() + 8, 8));
                    assertEquals(8, CALLS.read(fds[0], address(copy), 8));
                } finally {
                    CALLS.close(fds[0]);
                    CALLS.close(fds[1]);
                }
                assertEquals(0x0123_4567_89AB_CDEFL, copy.order(ByteOrder.BIG_ENDIAN).getLong(0));
            } finally {
                writable.unmap();
                writable.unmap();
                if (readable != null) {
                    readable.unmap();
                    readable.unmap();
                }
            }
        }
    }

    /**
     * The safety the java.lang.foreign binding adds: an unmapped mapping's buffer, and views made
     * of it before the unmap, throw instead of reading memory that is gone. Not tried on jnr-ffi,
     * where such an access would crash the JVM.
     */
    @Test
    void anUnmappedBufferThrowsInsteadOfTouchingMemory() throws IOException {
        Assumptions.assumeTrue(foreignBinding(), "only java.lang.foreign guards unmapped buffers");
        Path file = dir.resolve("unmapped");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedFile mapped = CALLS.map(channel, false, 4096);
            ByteBuffer buffer = mapped.buffer();
            ByteBuffer slice = buffer.slice(64, 64);
            LongBuffer longs = buffer.duplicate().order(ByteOrder.nativeOrder()).asLongBuffer();
            buffer.putInt(0, 1);
            mapped.unmap();
            assertThrows(IllegalStateException.class, () -> buffer.get(0));
            assertThrows(IllegalStateException.class, () -> buffer.putInt(0, 2));
            assertThrows(IllegalStateException.class, () -> slice.get(0));
            assertThrows(IllegalStateException.class, () -> longs.get(0));
            assertThrows(IllegalStateException.class, () -> buffer.duplicate().getLong(8));
            mapped.unmap();
        }
    }

    /**
     * Unmapping while another thread reads in a loop: the reader gets
     * {@link IllegalStateException} (the JDK's close handshake waits out any access in
     * progress), the JVM does not crash, and the unmap itself succeeds. java.lang.foreign only.
     */
    @Test
    void unmappingUnderAConcurrentReaderStopsItWithAnException() throws Exception {
        Assumptions.assumeTrue(foreignBinding(), "only java.lang.foreign guards unmapped buffers");
        Path file = dir.resolve("raced");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedFile mapped = CALLS.map(channel, false, 1 << 16);
            ByteBuffer buffer = mapped.buffer();
            CountDownLatch reading = new CountDownLatch(1);
            AtomicReference<Throwable> stopped = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                long sum = 0;
                try {
                    for (int pass = 0; ; pass++) {
                        for (int i = 0; i < (1 << 16); i += 8) {
                            sum += buffer.getLong(i);
                        }
                        if (pass == 10) {
                            reading.countDown();
                        }
                    }
                } catch (Throwable t) {
                    stopped.set(t);
                }
                if (sum == 42) {
                    System.out.print(""); // keeps the reads from being optimized away
                }
            }, "mapped-reader");
            reader.start();
            assertTrue(reading.await(10, TimeUnit.SECONDS), "the reader started");
            Thread.sleep(20);
            mapped.unmap();
            reader.join(10_000);
            assertFalse(reader.isAlive(), "the reader stopped");
            assertTrue(stopped.get() instanceof IllegalStateException, "the reader stopped with " + stopped.get());
        }
    }

    // ---- what a JVM loads --------------------------------------------------------------------

    /**
     * Starts a JVM that uses the binding (a futex wake, a map and an unmap) with
     * {@code -verbose:class}, and reads which classes it loaded: on Java 22+ none of jnr-ffi or
     * jffi, and no warning at all; on 17–21 jnr-ffi's, which shows the check sees them.
     */
    @Test
    void aJvmOnTheForeignBindingLoadsNoJnrClass() throws Exception {
        int feature = Runtime.version().feature();
        List<String> flags = new ArrayList<>();
        if (feature >= 22) {
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 23) {
            // any sun.misc.Unsafe memory access would now throw instead of passing unseen
            flags.add("--sun-misc-unsafe-memory-access=deny");
        }
        flags.add("-verbose:class");
        Path java = ProcessHandle.current().info().command().map(Paths::get).orElse(ChildJvm.thisJava());
        List<String> lines;
        int exit;
        try (ChildJvm child = ChildJvm.start(List.of(), java, flags, ChildJvm.thisClassPath(), OsCallsChild.class,
                dir.toString())) {
            exit = child.waitFor(50, TimeUnit.SECONDS);
            lines = child.output().lines().collect(Collectors.toList());
        }
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        assertEquals(0, exit, tail);

        Pattern loaded = Pattern.compile("\\[class,load\\] (\\S+) ");
        Pattern classLog = Pattern.compile("\\[class,\\w+\\]");
        List<String> jnrClasses = new ArrayList<>();
        List<String> other = new ArrayList<>();
        boolean sawBinding = false;
        for (String line : lines) {
            Matcher matcher = loaded.matcher(line);
            if (matcher.find()) {
                String name = matcher.group(1);
                if (name.startsWith("jnr.") || name.startsWith("com.kenai.jffi.")) {
                    jnrClasses.add(name);
                }
            } else if (classLog.matcher(line).find()) {
                continue; // unloading and other class logging
            } else if (line.startsWith("BINDING ")) {
                sawBinding = true;
                assertEquals("BINDING " + Os.bindingName(), line, "the child runs the same binding");
            } else {
                other.add(line);
            }
        }
        assertTrue(sawBinding, tail);
        if (feature >= 22) {
            assertEquals(List.of(), jnrClasses, "jnr/jffi classes loaded on Java " + feature);
            assertEquals(List.of(), other, "the child printed more than class loading and its result");
        } else {
            assertFalse(jnrClasses.isEmpty(), "Java " + feature + " runs jnr-ffi: -verbose:class must show it");
        }
    }
}
