package io.ipcring.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class, for multi-process tests. The child runs exactly the JVM
 * flags it is given, before {@code -cp}, and nothing picked up from the environment: the
 * variables through which a JVM takes options ({@link #JVM_OPTION_VARIABLES}) are removed. The
 * caller chooses the flags; ipcring's tests pass {@code ChildJvmFlags.forIpcring()}, the flags
 * ipcring's code needs on this JVM's version (none on Java 17 to 21). Its stdout and stderr go to
 * a file in {@code java.io.tmpdir}, read by {@link #output()} so a failure can show it.
 * {@link #close()} kills the child if it still runs and deletes that file, so a test ends only the
 * processes it started.
 */
public final class ChildJvm implements AutoCloseable {
    /** The environment variables a JVM takes options from, removed from every child's environment. */
    public static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with this JVM's {@code java} and class path.
     *
     * @param flags     the JVM flags, e.g. {@code ChildJvmFlags.forIpcring()}
     * @param mainClass the class whose main runs
     * @param args      its arguments
     * @return the running child
     * @throws IOException if the JVM cannot be started
     */
    public static ChildJvm start(List<String> flags, Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), thisJava(), flags, thisClassPath(), mainClass, args);
    }

    /**
     * Starts {@code mainClass} with a given {@code java}, flags and class path, through a
     * launcher (for example {@code setpriv --reuid=65534 ...} to run it as another user, or
     * {@code prlimit --fsize=...}).
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
        command.addAll(command(java, flags, classPath, mainClass, args));
        Path log = Files.createTempFile("ipcring-child-" + mainClass.getSimpleName() + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        for (String variable : JVM_OPTION_VARIABLES) {
            builder.environment().remove(variable);
        }
        try {
            return new ChildJvm(builder.start(), log);
        } catch (IOException e) {
            Files.deleteIfExists(log);
            throw e;
        }
    }

    /**
     * The command line of a child JVM, for a test that starts it another way (with its stdin and
     * stdout as pipes, say): {@code java flags... -cp classPath mainClass args...}.
     *
     * @param java      the {@code java} executable
     * @param flags     the JVM flags
     * @param classPath the child's class path
     * @param mainClass the class whose main runs
     * @param args      its arguments
     * @return the command and its arguments
     */
    public static List<String> command(Path java, List<String> flags, String classPath, Class<?> mainClass,
            String... args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** @return the {@code java} of this JVM, which every child runs unless told otherwise */
    public static Path thisJava() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /** @return this JVM's class path, which every child gets unless told otherwise */
    public static String thisClassPath() {
        return System.getProperty("java.class.path");
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
     * @throws IllegalStateException with the child's output when it does not exit in time (the
     *                               child is killed then)
     * @throws InterruptedException  if interrupted
     */
    public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("child pid=" + process.pid() + " did not exit within " + timeout + " "
                    + unit + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Kills the child with SIGKILL and reaps it. @throws InterruptedException if interrupted */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** @return everything the child printed so far, or a line saying why it cannot be read */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read path=" + log + ": " + e + ")";
        }
    }

    /**
     * Kills the child if it still runs, reaps it and deletes its output file. Does not throw
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
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover log in the temp directory is harmless
        }
    }
}
