package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * POSIX named semaphores between two JVMs ({@link PosixSemaphoreChild} is the other one).
 * Counts are modest by default; the system properties {@code ipcring.test.osSemaphoreRounds}
 * and {@code ipcring.test.osSemaphoreIncrements} raise them.
 */
class PosixNamedSemaphoreProcessTest {
    private static final int ROUNDS = Integer.getInteger("ipcring.test.osSemaphoreRounds", 2_000);
    private static final int INCREMENTS = Integer.getInteger("ipcring.test.osSemaphoreIncrements", 100_000);
    private static final long WAIT_SECONDS = 60;
    private static final long POLL_MILLIS = 100;

    private final OsSemaphoreCleaner cleaner = new OsSemaphoreCleaner();

    @AfterEach
    void cleanUp() throws Exception {
        cleaner.close();
    }

    @Test
    void twoProcessesPingPongInStrictAlternation() throws Exception {
        String pingName = cleaner.semaphoreName("ping");
        String pongName = cleaner.semaphoreName("pong");
        String doneName = cleaner.semaphoreName("done");
        Path counterFile = newCounterFile("pingpong");
        MappedMemory counter = PosixSemaphoreChild.mapCounter(counterFile);
        try (PosixNamedSemaphore ping = PosixNamedSemaphore.create(pingName, 0);
             PosixNamedSemaphore pong = PosixNamedSemaphore.create(pongName, 0);
             PosixNamedSemaphore done = PosixNamedSemaphore.create(doneName, 0);
             ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), PosixSemaphoreChild.class, "pingpong",
                     pingName, pongName, doneName, counterFile.toString(), Integer.toString(ROUNDS))) {
            for (int i = 0; i < ROUNDS; i++) {
                // plain accesses: sem_post (release) below and sem_wait (acquire) in await order them
                counter.putLong(0, 2L * i + 1);
                ping.post();
                await(pong, child, "pong of round " + i);
                assertEquals(2L * i + 2, counter.getLong(0), "round " + i + ": the child answered this very ping");
            }
            assertEquals(0, child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), child.output());
            assertEquals(ROUNDS, done.value(), "the child finished exactly " + ROUNDS + " rounds");
            assertEquals(0, ping.value(), "every ping was taken once");
            assertEquals(0, pong.value(), "every pong was taken once");
        } finally {
            counter.unmap();
        }
    }

    @Test
    void namedSemaphoreIsAMutexAcrossProcesses() throws Exception {
        String mutexName = cleaner.semaphoreName("mutex");
        String readyName = cleaner.semaphoreName("ready");
        String goName = cleaner.semaphoreName("go");
        Path counterFile = newCounterFile("mutex");
        MappedMemory counter = PosixSemaphoreChild.mapCounter(counterFile);
        try (PosixNamedSemaphore mutex = PosixNamedSemaphore.create(mutexName, 1);
             PosixNamedSemaphore ready = PosixNamedSemaphore.create(readyName, 0);
             PosixNamedSemaphore go = PosixNamedSemaphore.create(goName, 0);
             ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), PosixSemaphoreChild.class, "mutex", mutexName,
                     readyName, goName, counterFile.toString(), Integer.toString(INCREMENTS))) {
            await(ready, child, "the child's ready");
            go.post();
            PosixSemaphoreChild.incrementUnderLock(mutex, counter, INCREMENTS);
            assertEquals(0, child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), child.output());
            assertEquals(2L * INCREMENTS, counter.getLong(0), "no increment lost");
            assertEquals(1, mutex.value(), "the lock is free again");
        } finally {
            counter.unmap();
        }
    }

    @Test
    void openWithoutPermissionFailsWithEacces() throws Exception {
        String name = cleaner.semaphoreName("denied");
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.create(name, 0, 0);
             ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), PosixSemaphoreChild.class, "denied", name)) {
            assertEquals(0, child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), child.output());
            assertEquals(0, sem.value(), "the creator still uses it");
        }
    }

    private Path newCounterFile(String label) throws Exception {
        Path file = cleaner.file(label);
        Files.write(file, new byte[Long.BYTES]);
        return file;
    }

    /** Takes one from {@code sem}, failing at once with the child's output if the child has died. */
    static void await(PosixNamedSemaphore sem, ChildJvm child, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!sem.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (!child.process().isAlive()) {
                fail(what + ": the child exited with " + child.process().exitValue() + ":\n" + child.output());
            }
            if (System.nanoTime() - end > 0) {
                fail(what + ": nothing within " + WAIT_SECONDS + " s; child output:\n" + child.output());
            }
        }
    }
}
