package io.ipcring.sync;

import io.ipcring.sync.os.Os;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The other process of {@link PosixNamedSemaphoreProcessTest}. Exits 0 when its part went as
 * expected, otherwise prints what went wrong and exits 1. Every wait is bounded.
 *
 * <pre>
 * pingpong &lt;ping&gt; &lt;pong&gt; &lt;done&gt; &lt;counterFile&gt; &lt;rounds&gt;
 * mutex &lt;mutex&gt; &lt;ready&gt; &lt;go&gt; &lt;counterFile&gt; &lt;increments&gt;
 * denied &lt;name&gt;
 * </pre>
 */
public final class PosixSemaphoreChild {
    static final long WAIT_SECONDS = 60;

    private PosixSemaphoreChild() {
    }

    /** @param args the mode and its arguments, see the class comment */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "pingpong":
                pingPong(args[1], args[2], args[3], Paths.get(args[4]), Integer.parseInt(args[5]));
                break;
            case "mutex":
                mutex(args[1], args[2], args[3], Paths.get(args[4]), Integer.parseInt(args[5]));
                break;
            case "denied":
                denied(args[1]);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Answers each ping with a pong, checking the counter shows strict alternation. */
    private static void pingPong(String pingName, String pongName, String doneName, Path counterFile, int rounds)
            throws Exception {
        MappedMemory counter = mapCounter(counterFile);
        try (PosixNamedSemaphore ping = PosixNamedSemaphore.open(pingName);
             PosixNamedSemaphore pong = PosixNamedSemaphore.open(pongName);
             PosixNamedSemaphore done = PosixNamedSemaphore.open(doneName)) {
            for (int i = 0; i < rounds; i++) {
                if (!ping.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    fail("round " + i + ": no ping within " + WAIT_SECONDS + " s");
                }
                // plain accesses: sem_wait (acquire) above and sem_post (release) below order them
                long seen = counter.getLong(0);
                if (seen != 2L * i + 1) {
                    fail("round " + i + ": counter=" + seen + ", expected " + (2L * i + 1));
                }
                counter.putLong(0, 2L * i + 2);
                done.post();
                pong.post();
            }
        } finally {
            counter.unmap();
        }
    }

    /** Increments a plain counter under the semaphore used as a lock. */
    private static void mutex(String mutexName, String readyName, String goName, Path counterFile, int increments)
            throws Exception {
        MappedMemory counter = mapCounter(counterFile);
        try (PosixNamedSemaphore mutex = PosixNamedSemaphore.open(mutexName);
             PosixNamedSemaphore ready = PosixNamedSemaphore.open(readyName);
             PosixNamedSemaphore go = PosixNamedSemaphore.open(goName)) {
            ready.post();
            if (!go.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("no go within " + WAIT_SECONDS + " s");
            }
            incrementUnderLock(mutex, counter, increments);
        } finally {
            counter.unmap();
        }
    }

    /** The loop both processes of the mutex test run: a non-atomic read-modify-write under the lock. */
    static void incrementUnderLock(PosixNamedSemaphore mutex, MappedMemory counter, int increments)
            throws InterruptedException {
        for (int i = 0; i < increments; i++) {
            mutex.acquire();
            // plain accesses: the sem_wait above (acquire) and sem_post below (release) order them
            counter.putLong(0, counter.getLong(0) + 1);
            mutex.post();
        }
    }

    /** Expects PERMISSION_DENIED opening a semaphore created with mode 0000. */
    private static void denied(String name) {
        warmUp();
        boolean dropped = Unprivileged.becomeNobodyIfRoot();
        try (PosixNamedSemaphore sem = PosixNamedSemaphore.open(name)) {
            fail("opened " + sem + " despite mode 0000 (gave up root: " + dropped + ")");
        } catch (OsSemaphoreException e) {
            if (e.reason() != OsSemaphoreException.Reason.PERMISSION_DENIED || !"EACCES".equals(e.errnoName())) {
                fail("expected PERMISSION_DENIED/EACCES, got " + e);
            }
            System.out.println("denied as expected: " + e.getMessage());
        }
    }

    /** Runs the failure path once so every class it needs is loaded while the class path is readable. */
    private static void warmUp() {
        try (PosixNamedSemaphore absent = PosixNamedSemaphore.open("/ipcring-absent-" + ProcessHandle.current().pid())) {
            fail("opened " + absent + ", which should not exist");
        } catch (OsSemaphoreException expected) {
            System.out.println("warm-up: " + expected.reason() + " " + expected.errnoName());
        }
    }

    static MappedMemory mapCounter(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new MappedMemory(Os.CALLS.map(channel, false, Long.BYTES));
        }
    }

    private static void fail(String message) {
        System.out.println("FAILED: " + message);
        System.out.flush();
        System.exit(1);
    }
}
