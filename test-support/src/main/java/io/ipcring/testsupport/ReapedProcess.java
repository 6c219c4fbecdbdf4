package io.ipcring.testsupport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A process this JVM starts ({@code sleep 60}) and then kills with SIGKILL and reaps, for tests of
 * liveness checks: once {@link #reap()} returns, its pid names no process until the kernel hands
 * the number out again, and never again with the same start time. {@link #observed} gives what a
 * test read of it while it ran (an identity with its start time, say), {@link #deadPid()} a bare
 * pid that is gone; a test that watches the death itself keeps the instance. {@link #close()} reaps
 * it if the test did not, so a test ends only the processes it started.
 */
public final class ReapedProcess implements AutoCloseable {
    /** The longest wait for a killed process to be reaped. */
    static final long REAP_TIMEOUT_SECONDS = 10;

    private final Process process;

    private ReapedProcess(Process process) {
        this.process = process;
    }

    /**
     * @return a running process, alive until {@link #reap()} or {@link #close()}
     * @throws IOException if it cannot be started
     */
    public static ReapedProcess start() throws IOException {
        return new ReapedProcess(new ProcessBuilder("sleep", "60").start());
    }

    /**
     * Starts a process, gives its pid to {@code whileRunning}, then kills and reaps it.
     *
     * @param whileRunning reads what the test needs of the running process, e.g. its identity
     * @param <T>          what it reads
     * @return what {@code whileRunning} returned, about a process that is gone now
     * @throws IOException          if the process cannot be started
     * @throws InterruptedException if interrupted while reaping it
     */
    public static <T> T observed(LongFunction<T> whileRunning) throws IOException, InterruptedException {
        try (ReapedProcess process = start()) {
            T observed = whileRunning.apply(process.pid());
            process.reap();
            return observed;
        }
    }

    /**
     * @return the pid of a process that ran and has been reaped, for a check that looks at the
     *         pid alone
     * @throws IOException          if the process cannot be started
     * @throws InterruptedException if interrupted while reaping it
     */
    public static long deadPid() throws IOException, InterruptedException {
        return observed(pid -> pid);
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    /**
     * Kills the process with SIGKILL and waits until it is reaped.
     *
     * @throws IllegalStateException if it is still there after {@value #REAP_TIMEOUT_SECONDS} s
     * @throws InterruptedException  if interrupted while waiting
     */
    public void reap() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(REAP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid=" + process.pid() + " was not reaped within "
                    + REAP_TIMEOUT_SECONDS + " s of SIGKILL");
        }
    }

    /**
     * Reaps the process if {@link #reap()} did not. An interrupt while waiting is kept as the
     * thread's interrupt status, so try-with-resources stays free of {@link InterruptedException}.
     */
    @Override
    public void close() {
        try {
            reap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
