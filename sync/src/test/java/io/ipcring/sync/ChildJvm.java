package io.ipcring.sync;

import io.ipcring.sync.os.ChildJvmFlags;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a second JVM running a main class from the test class path, for multi-process tests.
 * The child runs this JVM's {@code java} and inherits nothing but the class path and the flags
 * ipcring's code needs on it ({@link ChildJvmFlags#forIpcring()}: none on Java 17 to 21); its
 * stdout and stderr go to a file beside the test's output so a failure can be read. {@link #close()} kills it if still running, so a test
 * ends only the processes it started.
 */
public final class ChildJvm implements AutoCloseable {
    private static final List<String> JVM_OPTION_VARIABLES =
            List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} in a new JVM with the current class path and ipcring's flags only.
     *
     * @param mainClass the class whose main runs
     * @param args      its arguments
     * @return the running child
     * @throws IOException if the JVM cannot be started
     */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), System.getProperty("java.class.path"), mainClass, args);
    }

    /**
     * Starts {@code mainClass} in a new JVM with ipcring's flags only, through a launcher (for
     * example {@code setpriv --reuid=65534 ...} to run it as another user) and with a given class
     * path.
     *
     * @param launcher  the command and arguments that run the {@code java} command, or empty
     * @param classPath the child's class path
     * @param mainClass the class whose main runs
     * @param args      its arguments
     * @return the running child
     * @throws IOException if the JVM cannot be started
     */
    public static ChildJvm start(List<String> launcher, String classPath, Class<?> mainClass, String... args)
            throws IOException {
        return start(launcher, thisJava(), ChildJvmFlags.forIpcring(), classPath, mainClass, args);
    }

    /**
     * Starts {@code mainClass} with a given {@code java} and exactly the given JVM flags. The
     * environment variables through which a JVM picks up options ({@code JAVA_TOOL_OPTIONS},
     * {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}) are removed, so the child runs with these
     * flags and no others.
     *
     * @param launcher  the command and arguments that run the {@code java} command, or empty
     * @param java      the {@code java} executable
     * @param flags     the JVM flags, before {@code -cp}
     * @param classPath the child's class path
     * @param mainClass the class whose main runs
     * @param args      its arguments
     * @return the running child
     * @throws IOException if the JVM cannot be started
     */
    public static ChildJvm start(List<String> launcher, Path java, List<String> flags, String classPath,
            Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(java.toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Path log = File.createTempFile("ipcring-child-" + mainClass.getSimpleName() + "-", ".log").toPath();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        for (String variable : JVM_OPTION_VARIABLES) {
            builder.environment().remove(variable);
        }
        return new ChildJvm(builder.start(), log);
    }

    /** @return the {@code java} of this JVM, which every child runs unless told otherwise */
    public static Path thisJava() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return the child process */
    public Process process() {
        return process;
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the exit code
     * @throws IllegalStateException with the child's output when it does not exit in time
     * @throws InterruptedException  if interrupted
     */
    public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("child did not exit within " + timeout + " " + unit + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Kills the child with SIGKILL and reaps it. @throws InterruptedException if interrupted */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** @return everything the child printed so far */
    public String output() {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /**
     * Kills the child if it still runs, reaps it and deletes its log. Does not throw
     * {@link InterruptedException} (so try-with-resources stays warning-free): an interrupt while
     * reaping is kept as the thread's interrupt status.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            java.nio.file.Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover log in the temp directory is harmless
        }
    }
}
