package io.ipcring.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What a command that starts processes and creates files does when this JVM exits before the
 * command's own cleanup ran (Ctrl-C, SIGTERM, {@code System.exit} from another thread): a
 * shutdown hook ends every process started through {@link #start} (its descendants first, by
 * pid, SIGKILL) and then runs the command's file cleanup. The processes go first because a
 * process still running could create a file after the cleanup removed it.
 *
 * <p>Once the JVM is exiting, {@link #start} starts nothing more: the check and the start happen
 * under the same lock as the hook's first step, so every process is either refused or seen by the
 * hook. {@link #close()} unregisters the hook once the command has cleaned up by itself.
 */
public final class ExitCleanup implements AutoCloseable {
    /** How long the hook waits for each killed process to be gone before removing files. */
    private static final long KILL_WAIT_SECONDS = 5;

    private final Runnable removeFiles;
    private final Thread hook;
    /** Guarded by {@code this}. */
    private final List<Process> started = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean exiting;

    /**
     * Registers the shutdown hook.
     *
     * @param name        what the cleanup is for, the hook thread's name
     * @param removeFiles removes the command's files; runs after the processes are ended, possibly
     *                    at the same time as the command's own cleanup (so it must tolerate files
     *                    already gone) and must not throw
     */
    public ExitCleanup(String name, Runnable removeFiles) {
        this.removeFiles = removeFiles;
        this.hook = new Thread(this::onExit, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a process so that an exit from now on ends it.
     *
     * @param builder the process
     * @return the started process
     * @throws IOException when it cannot start, or when this JVM is exiting
     */
    public Process start(ProcessBuilder builder) throws IOException {
        return start(builder::start, process -> process);
    }

    /**
     * Starts something that owns a process (a {@code PipeProcess}, say) so that an exit from
     * now on ends the process.
     *
     * @param starter starts it
     * @param process its process
     * @param <T>     what {@code starter} returns
     * @return what {@code starter} returned
     * @throws IOException when it cannot start, or when this JVM is exiting
     */
    public synchronized <T> T start(Starter<T> starter, Function<T, Process> process) throws IOException {
        if (exiting) {
            throw new IOException("this JVM is exiting: no process is started any more");
        }
        T value = starter.start();
        started.add(process.apply(value));
        return value;
    }

    /** @return true once the JVM has begun to exit and the hook runs */
    public synchronized boolean exiting() {
        return exiting;
    }

    private void onExit() {
        List<Process> processes;
        synchronized (this) {
            exiting = true;
            processes = List.copyOf(started);
        }
        for (Process process : processes) {
            // an ended process is skipped: its pid may belong to someone else's process by now
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        for (Process process : processes) {
            try {
                process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        removeFiles.run();
    }

    /**
     * Unregisters the hook: the command ended its processes and removed its files itself. When
     * the JVM is already exiting the hook stays and does its work.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook has started or will start, and does the cleanup
        }
    }

    /**
     * Starts something that owns a process.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Starter<T> {
        /**
         * @return what was started
         * @throws IOException when it cannot start
         */
        T start() throws IOException;
    }
}
