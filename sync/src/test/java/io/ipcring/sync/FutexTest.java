package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.sync.os.Platform;
import io.ipcring.testsupport.AllocationMeter;
import io.ipcring.testsupport.ChildJvm;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FutexTest {
    private static final int WORD = ScratchRegion.BASE;

    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();

    @AfterEach
    void close() {
        region.close();
    }

    @Test
    void isSupportedOnThisLinux() {
        assertTrue(Futex.isSupported());
    }

    @Test
    void waitTimesOutWhileTheWordHoldsTheExpectedValue() {
        long start = System.nanoTime();
        assertEquals(Futex.WaitResult.TIMED_OUT, Futex.wait(memory, WORD, 0, TimeUnit.MILLISECONDS.toNanos(30)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30), "slept the whole timeout");
        assertEquals(Futex.WaitResult.TIMED_OUT, Futex.wait(memory, WORD, 0, 0), "a zero timeout does not sleep");
    }

    @Test
    void waitReturnsAtOnceWhenTheWordHoldsAnotherValue() {
        memory.putIntVolatile(WORD, 5);
        assertEquals(Futex.WaitResult.VALUE_CHANGED, Futex.wait(memory, WORD, 4, -1));
        memory.putIntVolatile(WORD, -1);
        assertEquals(Futex.WaitResult.VALUE_CHANGED, Futex.wait(memory, WORD, 0xFFFF, -1), "compares all 32 bits");
    }

    @Test
    void wakeWithNoSleeperWakesNobody() {
        assertEquals(0, Futex.wake(memory, WORD, 1));
    }

    @Test
    void wakeAndWaitAllocateNothing() {
        assumeTrue(AllocationMeter.isAvailable(), "this JVM does not count per-thread allocation");
        memory.putIntVolatile(WORD, 1);
        int calls = 100_000;
        wakeAndWait(calls);
        AllocationMeter meter = AllocationMeter.start();
        wakeAndWait(calls);
        long allocated = meter.bytes();
        // under 0.01 B per call: one 16-byte object per thousand calls would already exceed it
        // (a seven-argument jnr binding allocated 72 B per call)
        assertTrue(allocated < 3L * calls / 100, allocated + " bytes allocated by " + 3 * calls + " futex calls");
    }

    /** Wakes nobody, then waits with and without a timeout on a word that holds another value. */
    private void wakeAndWait(int rounds) {
        for (int i = 0; i < rounds; i++) {
            if (Futex.wake(memory, WORD, 1) != 0
                    || Futex.wait(memory, WORD, 0, -1) != Futex.WaitResult.VALUE_CHANGED
                    || Futex.wait(memory, WORD, 0, 1_000_000L) != Futex.WaitResult.VALUE_CHANGED) {
                throw new AssertionError("a futex call on a word holding 1 with nobody asleep did not return at once");
            }
        }
    }

    @Test
    void anotherThreadWakesASleeperWithoutTimeout() throws Exception {
        CompletableFuture<Futex.WaitResult> sleeper = CompletableFuture.supplyAsync(() -> Futex.wait(memory, WORD, 0, -1));
        assertEquals(1, wakeUntilOneWoken(WORD), "the sleeping thread was found and woken");
        assertEquals(Futex.WaitResult.WOKEN, sleeper.get(10, TimeUnit.SECONDS));
    }

    @Test
    void wakeCountLimitsHowManyWake() throws Exception {
        CompletableFuture<Futex.WaitResult> first = CompletableFuture.supplyAsync(
                () -> Futex.wait(memory, WORD, 0, TimeUnit.SECONDS.toNanos(20)));
        CompletableFuture<Futex.WaitResult> second = CompletableFuture.supplyAsync(
                () -> Futex.wait(memory, WORD, 0, TimeUnit.SECONDS.toNanos(20)));
        int woken = wakeUntilOneWoken(WORD);
        while (!first.isDone() || !second.isDone()) {
            woken += Futex.wake(memory, WORD, 1);
            Thread.onSpinWait();
        }
        assertEquals(2, woken, "each wake(1) woke one sleeper");
        assertEquals(Futex.WaitResult.WOKEN, first.get());
        assertEquals(Futex.WaitResult.WOKEN, second.get());
    }

    @Test
    void aWakeInThisProcessWakesASleeperInAnotherProcess() throws Exception {
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), FutexWaitChild.class,
                region.path().toString(), Integer.toString(WORD))) {
            assertEquals(1, wakeUntilOneWoken(WORD), "the child's sleep was found through the shared file");
            assertEquals(0, child.waitFor(30, TimeUnit.SECONDS), child.output());
            assertEquals("WOKEN", child.output().strip());
        }
    }

    @Test
    void rejectsMisalignedAndOutOfRangeOffsets() {
        assertThrows(IllegalArgumentException.class, () -> Futex.wait(memory, WORD + 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Futex.wake(memory, WORD + 1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Futex.wait(memory, 4096, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Futex.wake(memory, -4, 1));
        assertThrows(IllegalArgumentException.class, () -> Futex.wake(memory, WORD, 0));
        assertThrows(NullPointerException.class, () -> Futex.wake(null, WORD, 1));
    }

    @Test
    void aWaitOnUnmappedMemoryIsRefused() {
        ScratchRegion other = ScratchRegion.create(4096);
        other.close();
        assertThrows(IndexOutOfBoundsException.class, () -> Futex.wait(other.memory(), WORD, 0, 0));
    }

    @Test
    void theFutexSyscallNumberIsThePlatformsOwn() {
        assertEquals(202, Platform.of("Linux", "amd64").futexSyscall());
        assertEquals(202, Platform.of("Linux", "x86_64").futexSyscall());
        assertEquals(98, Platform.of("Linux", "aarch64").futexSyscall());
        assertEquals(98, Platform.of("Linux", "arm64").futexSyscall());
    }

    @Test
    void otherPlatformsHaveNoFutexSyscall() {
        for (String[] platform : new String[][] {{"Linux", "riscv64"}, {"Linux", "x86"}, {"Mac OS X", "aarch64"},
                {"Windows 11", "amd64"}, {null, "amd64"}, {"Linux", null}}) {
            Platform unsupported = Platform.of(platform[0], platform[1]);
            assertFalse(unsupported.isSupported(), platform[0] + " " + platform[1]);
            assertEquals(-1, unsupported.futexSyscall(), platform[0] + " " + platform[1]);
        }
    }

    /** Wakes one sleeper on the word, retrying until one is asleep to be woken (at most 10 s). */
    private int wakeUntilOneWoken(int offset) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int woken = Futex.wake(memory, offset, 1);
            if (woken > 0) {
                return woken;
            }
            Thread.sleep(1);
        }
        return 0;
    }
}
