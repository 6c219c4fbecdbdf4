package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.sync.os.Errno;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PosixNamedSemaphoreTest {
    private static final long WAIT_SECONDS = 30;

    private final OsSemaphoreCleaner cleaner = new OsSemaphoreCleaner();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() throws Exception {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "test threads ended");
        cleaner.close();
    }

    @Test
    void createdSemaphoreIsSharedByNameAndCountsPostsAndTakes() {
        String name = cleaner.semaphoreName("shared");
        try (PosixNamedSemaphore created = PosixNamedSemaphore.create(name, 3);
             PosixNamedSemaphore opened = PosixNamedSemaphore.open(name)) {
            assertEquals(name, opened.name());
            assertEquals(3, opened.value());
            created.post();
            assertEquals(4, opened.value());
            assertTrue(opened.tryAcquire());
            assertEquals(3, created.value());
            assertTrue(Files.exists(OsSemaphoreCleaner.semaphoreFile(name)), "glibc keeps it in /dev/shm");
        }
    }

    @Test
    void createFailsWithEexistWhenTheNameIsTaken() {
        String name = cleaner.semaphoreName("exists");
        try (PosixNamedSemaphore first = PosixNamedSemaphore.create(name, 0)) {
            OsSemaphoreException e = assertThrows(OsSemaphoreException.class, () -> PosixNamedSemaphore.create(name, 5));
            assertEquals(OsSemaphoreException.Reason.ALREADY_EXISTS, e.reason());
            assertEquals("EEXIST", e.errnoName());
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertEquals(0, first.value(), "the existing semaphore is untouched");
        }
    }

    @Test
    void openFailsWithEnoentWhenAbsent() {
        String name = cleaner.semaphoreName("absent");
        OsSemaphoreException e = assertThrows(OsSemaphoreException.class, () -> PosixNamedSemaphore.open(name));
        assertEquals(OsSemaphoreException.Reason.NOT_FOUND, e.reason());
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("ENOENT") && e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void unlinkRemovesTheNameButOpenHandlesKeepWorking() {
        String name = cleaner.semaphoreName("unlink");
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 1)) {
            assertTrue(PosixNamedSemaphore.unlink(name));
            assertFalse(Files.exists(OsSemaphoreCleaner.semaphoreFile(name)));
            assertFalse(PosixNamedSemaphore.unlink(name), "second unlink finds nothing");
            assertThrows(OsSemaphoreException.class, () -> PosixNamedSemaphore.open(name));
            sem.post();
            assertEquals(2, sem.value());
            try (PosixNamedSemaphore again = PosixNamedSemaphore.create(name, 7)) {
                assertEquals(7, again.value(), "the name now names a new semaphore");
                assertEquals(2, sem.value());
            }
        }
    }

    @Test
    void createUsesTheGivenMode() throws Exception {
        String defaultName = cleaner.semaphoreName("mode-default");
        String groupName = cleaner.semaphoreName("mode-group");
        try (PosixNamedSemaphore def = PosixNamedSemaphore.create(defaultName, 0);
             PosixNamedSemaphore group = PosixNamedSemaphore.create(groupName, 0, 0640)) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(OsSemaphoreCleaner.semaphoreFile(defaultName))));
            assertEquals("rw-r-----", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(OsSemaphoreCleaner.semaphoreFile(groupName))));
            assertEquals(0, def.value() + group.value());
        }
    }

    @Test
    void badNamesAreRejectedBeforeAnyCall() {
        for (String bad : new String[] {"", "/", "noslash", "/a/b", "/a/", "//a", "/a\0b",
                "/" + "x".repeat(PosixNamedSemaphore.MAX_NAME_BYTES + 1),
                "/" + "\u00e9".repeat(PosixNamedSemaphore.MAX_NAME_BYTES / 2 + 1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PosixNamedSemaphore.create(bad, 0),
                    "name " + bad);
            assertTrue(e.getMessage().startsWith("name="), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PosixNamedSemaphore.open(bad));
            assertThrows(IllegalArgumentException.class, () -> PosixNamedSemaphore.unlink(bad));
        }
        assertThrows(NullPointerException.class, () -> PosixNamedSemaphore.open(null));
    }

    @Test
    void longestNameIsAccepted() {
        String prefix = cleaner.semaphoreName("long");
        String name = prefix + "x".repeat(PosixNamedSemaphore.MAX_NAME_BYTES + 1 - prefix.length());
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 1)) {
            assertEquals(1, sem.value());
        } finally {
            assertTrue(PosixNamedSemaphore.unlink(name));
        }
    }

    @Test
    void nonAsciiNamesAreUtf8UpToTheByteLimit() {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "file names are not UTF-8 in this JVM");
        String prefix = cleaner.semaphoreName("\u00e9t\u00e9");
        int room = PosixNamedSemaphore.MAX_NAME_BYTES - (prefix.getBytes(StandardCharsets.UTF_8).length - 1);
        String name = prefix + "\u00e9".repeat(room / 2) + "x".repeat(room % 2);
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 1)) {
            assertTrue(Files.exists(OsSemaphoreCleaner.semaphoreFile(name)), "stored under its UTF-8 name");
            assertEquals(1, sem.value());
        } finally {
            assertTrue(PosixNamedSemaphore.unlink(name));
        }
        assertThrows(IllegalArgumentException.class, () -> PosixNamedSemaphore.create(name + "x", 1));
    }

    @Test
    void badValuesAndModesAreRejected() {
        String name = cleaner.semaphoreName("args");
        assertThrows(IllegalArgumentException.class, () -> PosixNamedSemaphore.create(name, -1));
        assertThrows(IllegalArgumentException.class, () -> PosixNamedSemaphore.create(name, 0, 01000));
        assertThrows(IllegalArgumentException.class, () -> PosixNamedSemaphore.create(name, 0, -1));
        assertFalse(Files.exists(OsSemaphoreCleaner.semaphoreFile(name)));
    }

    @Test
    void postBeyondTheMaximumFailsWithEoverflow() {
        String name = cleaner.semaphoreName("overflow");
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, PosixNamedSemaphore.MAX_VALUE)) {
            OsSemaphoreException e = assertThrows(OsSemaphoreException.class, sem::post);
            assertEquals(OsSemaphoreException.Reason.VALUE_OUT_OF_RANGE, e.reason());
            assertEquals("EOVERFLOW", e.errnoName());
            assertEquals(PosixNamedSemaphore.MAX_VALUE, sem.value());
        }
    }

    @Test
    void tryAcquireTakesOnlyWhatIsThere() {
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(cleaner.semaphoreName("try"), 2)) {
            assertTrue(sem.tryAcquire());
            assertTrue(sem.tryAcquire());
            assertFalse(sem.tryAcquire());
            assertEquals(0, sem.value());
        }
    }

    @Test
    void timedTryAcquireGivesUpNoSoonerThanTheTimeout() throws Exception {
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(cleaner.semaphoreName("timeout"), 0)) {
            long start = System.nanoTime();
            assertFalse(sem.tryAcquire(3 * PosixNamedSemaphore.SLICE_MILLIS + 5, TimeUnit.MILLISECONDS));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(3 * PosixNamedSemaphore.SLICE_MILLIS + 5), "waited " + waited);
            assertFalse(sem.tryAcquire(0, TimeUnit.SECONDS));
            assertFalse(sem.tryAcquire(-1, TimeUnit.SECONDS));
            sem.post();
            assertTrue(sem.tryAcquire(0, TimeUnit.SECONDS), "a zero timeout still takes what is there");
        }
    }

    @Test
    void timedTryAcquireTakesAPostArrivingWhileItWaits() throws Exception {
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(cleaner.semaphoreName("timed-post"), 0)) {
            CountDownLatch started = new CountDownLatch(1);
            Future<Boolean> taker = threads.submit(() -> {
                started.countDown();
                return sem.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS);
            });
            assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
            Thread.sleep(3 * PosixNamedSemaphore.SLICE_MILLIS);
            sem.post();
            assertTrue(taker.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, sem.value());
        }
    }

    @Test
    void acquireWaitsForAPostFromAnotherHandle() throws Exception {
        String name = cleaner.semaphoreName("acquire");
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 0);
             PosixNamedSemaphore other = PosixNamedSemaphore.open(name)) {
            CountDownLatch started = new CountDownLatch(1);
            Future<?> taker = threads.submit(() -> {
                started.countDown();
                sem.acquire();
                return null;
            });
            assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
            Thread.sleep(3 * PosixNamedSemaphore.SLICE_MILLIS);
            assertFalse(taker.isDone(), "nothing to take yet");
            other.post();
            taker.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, sem.value());
        }
    }

    @Test
    void acquireHonoursInterruptWhileWaiting() throws Exception {
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(cleaner.semaphoreName("interrupt"), 0)) {
            assertInterruptible(() -> {
                sem.acquire();
                return null;
            });
            assertInterruptible(() -> sem.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, sem.value());
        }
    }

    private void assertInterruptible(java.util.concurrent.Callable<?> wait) throws Exception {
        CompletableFuture<Thread> waiter = new CompletableFuture<>();
        Future<?> result = threads.submit(() -> {
            waiter.complete(Thread.currentThread());
            return wait.call();
        });
        Thread thread = waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Thread.sleep(3 * PosixNamedSemaphore.SLICE_MILLIS);
        thread.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
    }

    @Test
    void interruptedThreadDoesNotTakeEvenWhenAvailable() {
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(cleaner.semaphoreName("preinterrupt"), 2)) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, sem::acquire);
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> sem.tryAcquire(1, TimeUnit.SECONDS));
            assertFalse(Thread.interrupted(), "the flag is consumed");
            assertEquals(2, sem.value());
        }
    }

    @Test
    void closedHandleRefusesEveryCall() {
        String name = cleaner.semaphoreName("closed");
        PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 1);
        sem.close();
        sem.close();
        assertTrue(sem.isClosed());
        assertThrows(IllegalStateException.class, sem::post);
        assertThrows(IllegalStateException.class, sem::acquire);
        assertThrows(IllegalStateException.class, sem::tryAcquire);
        assertThrows(IllegalStateException.class, () -> sem.tryAcquire(1, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, sem::value);
        try (PosixNamedSemaphore again = PosixNamedSemaphore.open(name)) {
            assertEquals(1, again.value(), "closing a handle keeps the semaphore");
        }
    }

    @Test
    void closeWhileAnotherThreadWaitsEndsThatWaitSafely() throws Exception {
        String name = cleaner.semaphoreName("close-waiting");
        PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 0);
        CountDownLatch started = new CountDownLatch(1);
        Future<?> taker = threads.submit(() -> {
            started.countDown();
            sem.acquire();
            return null;
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        Thread.sleep(3 * PosixNamedSemaphore.SLICE_MILLIS);
        sem.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> taker.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        try (PosixNamedSemaphore again = PosixNamedSemaphore.open(name)) {
            again.post();
            assertEquals(1, again.value(), "nobody took the post: the closed waiter left");
        }
    }

    @Test
    void toStringNamesTheSemaphore() {
        String name = cleaner.semaphoreName("string");
        PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 0);
        assertTrue(sem.toString().contains(name));
        sem.close();
        assertTrue(sem.toString().contains("closed"));
    }
}
