package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.sync.SysVSemaphoreSet.Op;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SysVSemaphoreSetTest {
    private static final long WAIT_SECONDS = 30;
    private static final long SLICES = 3L * SysVSemaphoreSet.SLICE_MILLIS;

    private final OsSemaphoreCleaner cleaner = new OsSemaphoreCleaner();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() throws Exception {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "test threads ended");
        cleaner.close();
    }

    private SysVSemaphoreSet privateSet(int count) {
        return cleaner.track(SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, count));
    }

    /**
     * /proc/sys/kernel/sem: SEMMSL SEMMNS SEMOPM SEMMNI. Read as a stream: Files.readString on a
     * /proc/sys file returns only its first character on JDK 17.
     */
    private static long[] kernelLimits() throws Exception {
        String text;
        try (InputStream in = Files.newInputStream(Paths.get("/proc/sys/kernel/sem"))) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        long[] limits = Arrays.stream(text.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
        assertEquals(4, limits.length, "/proc/sys/kernel/sem: " + text);
        return limits;
    }

    @Test
    void newSetHasZeroesAndKeepsWhatIsSet() {
        SysVSemaphoreSet set = privateSet(3);
        assertEquals(3, set.size());
        assertArrayEquals(new int[] {0, 0, 0}, set.getAll());
        set.set(1, 5);
        set.set(2, SysVSemaphoreSet.MAX_VALUE);
        assertEquals(5, set.get(1));
        assertArrayEquals(new int[] {0, 5, SysVSemaphoreSet.MAX_VALUE}, set.getAll());
    }

    @Test
    void privateKeyAlwaysMakesANewSet() {
        SysVSemaphoreSet first = privateSet(1);
        SysVSemaphoreSet second = privateSet(1);
        assertNotEquals(first.id(), second.id());
        assertThrows(IllegalArgumentException.class, () -> SysVSemaphoreSet.open(SysVSemaphoreSet.PRIVATE_KEY));
    }

    @Test
    void keyedSetIsOpenedByKeyAndIdAndCannotBeCreatedTwice() throws Exception {
        Path file = cleaner.file("ftok");
        Files.createFile(file);
        int key = SysVSemaphoreSet.ftok(file, 'S');
        SysVSemaphoreSet created = cleaner.track(SysVSemaphoreSet.create(key, 4, 0640));
        OsSemaphoreException e = assertThrows(OsSemaphoreException.class, () -> SysVSemaphoreSet.create(key, 4));
        assertEquals(OsSemaphoreException.Reason.ALREADY_EXISTS, e.reason());
        assertEquals("EEXIST", e.errnoName());
        assertTrue(e.getMessage().contains(String.format("0x%08x", key)), e.getMessage());

        created.set(3, 9);
        SysVSemaphoreSet byKey = SysVSemaphoreSet.open(key);
        SysVSemaphoreSet byId = SysVSemaphoreSet.ofId(created.id());
        assertEquals(created.id(), byKey.id());
        assertEquals(4, byKey.size(), "size read back through IPC_STAT");
        assertEquals(4, byId.size());
        assertEquals(9, byKey.get(3));

        assertTrue(created.remove());
        OsSemaphoreException gone = assertThrows(OsSemaphoreException.class, () -> SysVSemaphoreSet.open(key));
        assertEquals(OsSemaphoreException.Reason.NOT_FOUND, gone.reason());
        assertEquals("ENOENT", gone.errnoName());
    }

    @Test
    void ftokIsStablePerFileAndProjectAndReportsMissingFiles() throws Exception {
        Path file = cleaner.file("ftok-stable");
        Files.createFile(file);
        assertEquals(SysVSemaphoreSet.ftok(file, 1), SysVSemaphoreSet.ftok(file, 1));
        assertNotEquals(SysVSemaphoreSet.ftok(file, 1), SysVSemaphoreSet.ftok(file, 2));
        assertEquals(0xff, SysVSemaphoreSet.ftok(file, 0xff) >>> 24, "project id in the top byte");
        OsSemaphoreException e = assertThrows(OsSemaphoreException.class,
                () -> SysVSemaphoreSet.ftok(cleaner.file("ftok-missing"), 1));
        assertEquals(OsSemaphoreException.Reason.NOT_FOUND, e.reason());
        assertThrows(IllegalArgumentException.class, () -> SysVSemaphoreSet.ftok(file, 0));
        assertThrows(IllegalArgumentException.class, () -> SysVSemaphoreSet.ftok(file, 256));
    }

    @Test
    void badCreateArgumentsAreRejected() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, SysVSemaphoreSet.MAX_SIZE + 1));
        assertThrows(IllegalArgumentException.class, () -> SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, 1, 01000));
        assertThrows(IllegalArgumentException.class, () -> SysVSemaphoreSet.ofId(-1));
        long semmsl = kernelLimits()[0];
        assumeTrue(semmsl < SysVSemaphoreSet.MAX_SIZE, "SEMMSL=" + semmsl + " allows every size this class accepts");
        OsSemaphoreException e = assertThrows(OsSemaphoreException.class,
                () -> cleaner.track(SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, (int) semmsl + 1)));
        assertEquals(OsSemaphoreException.Reason.INVALID_ARGUMENT, e.reason());
        assertEquals("EINVAL", e.errnoName());
    }

    @Test
    void ofIdWithNoSuchSetFailsWithEinval() {
        SysVSemaphoreSet set = privateSet(1);
        int id = set.id();
        set.remove();
        OsSemaphoreException e = assertThrows(OsSemaphoreException.class, () -> SysVSemaphoreSet.ofId(id));
        assertEquals(OsSemaphoreException.Reason.INVALID_ARGUMENT, e.reason());
        assertEquals("EINVAL", e.errnoName());
    }

    @Test
    void applyChangesSeveralSemaphoresAtOnce() throws Exception {
        SysVSemaphoreSet set = privateSet(3);
        set.set(0, 5);
        set.apply(Op.of(0, -2), Op.of(1, 2), Op.withoutUndo(2, 7));
        assertArrayEquals(new int[] {3, 2, 7}, set.getAll());
    }

    @Test
    void tryApplyIsAllOrNothing() {
        SysVSemaphoreSet set = privateSet(2);
        set.set(0, 1);
        assertFalse(set.tryApply(Op.of(0, -1), Op.of(1, -1)), "semaphore 1 is empty");
        assertArrayEquals(new int[] {1, 0}, set.getAll(), "nothing applied");
        set.set(1, 1);
        assertTrue(set.tryApply(Op.of(0, -1), Op.of(1, -1)));
        assertArrayEquals(new int[] {0, 0}, set.getAll());
    }

    @Test
    void applyWaitsUntilEveryOperationCanProceed() throws Exception {
        SysVSemaphoreSet set = privateSet(2);
        set.set(0, 1);
        CountDownLatch started = new CountDownLatch(1);
        Future<?> taker = threads.submit(() -> {
            started.countDown();
            set.apply(Op.of(0, -1), Op.of(1, -1));
            return null;
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        Thread.sleep(SLICES);
        assertFalse(taker.isDone());
        assertArrayEquals(new int[] {1, 0}, set.getAll(), "the waiter holds nothing while it waits");
        set.apply(Op.withoutUndo(1, 1));
        taker.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertArrayEquals(new int[] {0, 0}, set.getAll());
    }

    @Test
    void waitForZeroWaitsUntilTheValueIsZero() throws Exception {
        SysVSemaphoreSet set = privateSet(1);
        set.set(0, 2);
        assertFalse(set.tryApply(Op.waitForZero(0)));
        CountDownLatch started = new CountDownLatch(1);
        Future<?> waiter = threads.submit(() -> {
            started.countDown();
            set.apply(Op.waitForZero(0));
            return null;
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        Thread.sleep(SLICES);
        assertFalse(waiter.isDone());
        set.apply(Op.of(0, -2));
        waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, set.get(0));
    }

    @Test
    void timedTryApplyGivesUpNoSoonerThanTheTimeout() throws Exception {
        SysVSemaphoreSet set = privateSet(1);
        long start = System.nanoTime();
        assertFalse(set.tryApply(SLICES + 5, TimeUnit.MILLISECONDS, Op.of(0, -1)));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(SLICES + 5), "waited " + waited);
        assertFalse(set.tryApply(0, TimeUnit.SECONDS, Op.of(0, -1)));
        set.set(0, 1);
        assertTrue(set.tryApply(0, TimeUnit.SECONDS, Op.of(0, -1)));
        assertEquals(0, set.get(0));
    }

    @Test
    void timedTryApplyTakesWhatArrivesWhileItWaits() throws Exception {
        SysVSemaphoreSet set = privateSet(1);
        CountDownLatch started = new CountDownLatch(1);
        Future<Boolean> taker = threads.submit(() -> {
            started.countDown();
            return set.tryApply(WAIT_SECONDS, TimeUnit.SECONDS, Op.of(0, -2));
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        Thread.sleep(SLICES);
        set.apply(Op.withoutUndo(0, 1));
        Thread.sleep(SLICES);
        assertFalse(taker.isDone(), "one is not enough for an operation taking two");
        set.apply(Op.withoutUndo(0, 1));
        assertTrue(taker.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, set.get(0));
    }

    @Test
    void waitsHonourInterrupt() throws Exception {
        SysVSemaphoreSet set = privateSet(1);
        assertInterruptible(() -> {
            set.apply(Op.of(0, -1));
            return null;
        });
        assertInterruptible(() -> set.tryApply(WAIT_SECONDS, TimeUnit.SECONDS, Op.of(0, -1)));
        set.set(0, 1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> set.apply(Op.of(0, -1)));
        assertFalse(Thread.interrupted());
        assertEquals(1, set.get(0), "an interrupted caller takes nothing");
    }

    private void assertInterruptible(Callable<?> wait) throws Exception {
        CompletableFuture<Thread> waiter = new CompletableFuture<>();
        Future<?> result = threads.submit(() -> {
            waiter.complete(Thread.currentThread());
            return wait.call();
        });
        Thread thread = waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Thread.sleep(SLICES);
        thread.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
    }

    @Test
    void removeWakesAWaiterWithRemoved() throws Exception {
        SysVSemaphoreSet set = privateSet(1);
        CountDownLatch started = new CountDownLatch(1);
        Future<?> taker = threads.submit(() -> {
            started.countDown();
            set.apply(Op.of(0, -1));
            return null;
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        Thread.sleep(SLICES);
        SysVSemaphoreSet.ofId(set.id()).remove();
        ExecutionException e = assertThrows(ExecutionException.class, () -> taker.get(WAIT_SECONDS, TimeUnit.SECONDS));
        OsSemaphoreException cause = assertInstanceOf(OsSemaphoreException.class, e.getCause());
        assertEquals(OsSemaphoreException.Reason.REMOVED, cause.reason(), cause.getMessage());
    }

    @Test
    void setRemovedElsewhereIsReportedAsRemoved() {
        SysVSemaphoreSet set = privateSet(2);
        assertTrue(SysVSemaphoreSet.ofId(set.id()).remove());
        for (Executable call : new Executable[] {() -> set.get(0), set::getAll, () -> set.set(1, 1),
                () -> set.tryApply(Op.of(0, 1)), () -> set.apply(Op.of(0, 1))}) {
            OsSemaphoreException e = assertThrows(OsSemaphoreException.class, call::run);
            assertEquals(OsSemaphoreException.Reason.REMOVED, e.reason(), e.getMessage());
        }
        assertFalse(set.remove(), "already gone");
    }

    private interface Executable {
        void run() throws Exception;
    }

    @Test
    void removedObjectRefusesEveryCall() {
        SysVSemaphoreSet set = privateSet(1);
        assertFalse(set.isRemoved());
        assertTrue(set.remove());
        assertTrue(set.isRemoved());
        assertThrows(IllegalStateException.class, () -> set.get(0));
        assertThrows(IllegalStateException.class, set::getAll);
        assertThrows(IllegalStateException.class, () -> set.set(0, 1));
        assertThrows(IllegalStateException.class, () -> set.apply(Op.of(0, 1)));
        assertThrows(IllegalStateException.class, () -> set.tryApply(Op.of(0, 1)));
        assertTrue(set.toString().contains("removed"));
    }

    @Test
    void indexesOutsideTheSetAreRejectedBeforeAnyCall() {
        SysVSemaphoreSet set = privateSet(3);
        assertThrows(IndexOutOfBoundsException.class, () -> set.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> set.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.set(3, 1));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> set.apply(Op.of(0, 1), Op.of(3, 1)));
        assertTrue(e.getMessage().contains("index=3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> set.tryApply(Op.of(3, 1)));
        assertArrayEquals(new int[] {0, 0, 0}, set.getAll(), "nothing applied");
    }

    @Test
    void operationsOutsideTheirRangesAreRejected() {
        SysVSemaphoreSet set = privateSet(1);
        assertThrows(IllegalArgumentException.class, () -> Op.of(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> Op.of(SysVSemaphoreSet.MAX_SIZE, 1));
        assertThrows(IllegalArgumentException.class, () -> Op.of(0, Short.MAX_VALUE + 1));
        assertThrows(IllegalArgumentException.class, () -> Op.of(0, Short.MIN_VALUE - 1));
        assertThrows(IllegalArgumentException.class, set::tryApply);
        assertThrows(NullPointerException.class, () -> set.tryApply((Op) null));
        assertThrows(IllegalArgumentException.class, () -> set.set(0, -1));
        assertThrows(IllegalArgumentException.class, () -> set.set(0, SysVSemaphoreSet.MAX_VALUE + 1));
        assertEquals(new Op(2, -3, true), Op.of(2, -3));
        assertEquals(new Op(2, -3, false), Op.withoutUndo(2, -3));
        assertEquals(new Op(2, 0, false), Op.waitForZero(2));
    }

    @Test
    void valueBeyondTheMaximumFailsWithErange() throws Exception {
        SysVSemaphoreSet set = privateSet(2);
        set.set(0, SysVSemaphoreSet.MAX_VALUE);
        OsSemaphoreException e = assertThrows(OsSemaphoreException.class,
                () -> set.apply(Op.withoutUndo(1, 1), Op.withoutUndo(0, 1)));
        assertEquals(OsSemaphoreException.Reason.VALUE_OUT_OF_RANGE, e.reason());
        assertEquals("ERANGE", e.errnoName());
        assertTrue(e.getMessage().contains("0+1"), e.getMessage());
        assertArrayEquals(new int[] {SysVSemaphoreSet.MAX_VALUE, 0}, set.getAll(), "nothing applied");
    }

    @Test
    void moreOperationsThanSemopmFailWithE2big() throws Exception {
        long semopm = kernelLimits()[2];
        assumeTrue(semopm < 100_000, "SEMOPM=" + semopm + " too large to exceed in a test");
        SysVSemaphoreSet set = privateSet(1);
        Op[] ops = new Op[(int) semopm + 1];
        Arrays.fill(ops, Op.withoutUndo(0, 1));
        OsSemaphoreException e = assertThrows(OsSemaphoreException.class, () -> set.tryApply(ops));
        assertEquals(OsSemaphoreException.Reason.TOO_MANY_OPERATIONS, e.reason());
        assertEquals("E2BIG", e.errnoName());
        assertTrue(e.getMessage().contains((semopm + 1) + " in all"), e.getMessage());
        assertEquals(0, set.get(0));
    }
}
