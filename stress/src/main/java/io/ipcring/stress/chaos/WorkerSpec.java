package io.ipcring.stress.chaos;

import java.util.List;
import java.util.Objects;

/**
 * One role in a chaos run: how many JVMs of it to run, which main class they execute, and whether
 * the harness may kill them.
 *
 * <p>The harness starts each worker as {@code java <ipcring's flags> -cp <class path> <jvmArgs>
 * mainClass <role> <index> <incarnation> <work dir> <args...>} (the harness's own {@code java};
 * ipcring's flags are {@link io.ipcring.sync.os.ChildJvmFlags#forIpcring()}, none on Java 17 to
 * 21): the role name, the worker's index within
 * the role (0-based), its incarnation (0 at first start, +1 at each restart after a kill) and the
 * run's work directory, where workers write whatever the run's checker reads afterwards. A worker
 * ends its job by exiting with status 0; any other exit (except a kill by the harness) fails the
 * run.
 *
 * @param role      the role's name, e.g. "producer"
 * @param count     how many workers of this role run at once
 * @param mainClass the class whose {@code main} each worker runs
 * @param args      extra arguments after the standard four
 * @param jvmArgs   JVM options for the workers, e.g. {@code -Xmx64m}
 * @param killable  whether the harness may SIGKILL (and restart) workers of this role
 */
public record WorkerSpec(String role, int count, String mainClass, List<String> args, List<String> jvmArgs,
                         boolean killable) {
    /**
     * Validates the fields.
     *
     * @param role      the role's name
     * @param count     how many workers, positive
     * @param mainClass the main class name
     * @param args      extra arguments
     * @param jvmArgs   JVM options
     * @param killable  whether workers may be killed
     */
    public WorkerSpec {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(mainClass, "mainClass");
        if (count <= 0) {
            throw new IllegalArgumentException("count=" + count + " must be positive for role " + role);
        }
        if (role.isBlank() || role.contains("/") || role.contains(" ")) {
            throw new IllegalArgumentException("role='" + role + "' must be a plain word");
        }
        args = List.copyOf(args);
        jvmArgs = List.copyOf(jvmArgs);
    }

    /**
     * A killable role with no extra arguments.
     *
     * @param role      the role's name
     * @param count     how many workers
     * @param mainClass the class whose main runs
     * @param args      extra arguments
     * @return the spec
     */
    public static WorkerSpec killable(String role, int count, Class<?> mainClass, String... args) {
        return new WorkerSpec(role, count, mainClass.getName(), List.of(args), List.of(), true);
    }

    /**
     * A role the harness never kills.
     *
     * @param role      the role's name
     * @param count     how many workers
     * @param mainClass the class whose main runs
     * @param args      extra arguments
     * @return the spec
     */
    public static WorkerSpec protectedRole(String role, int count, Class<?> mainClass, String... args) {
        return new WorkerSpec(role, count, mainClass.getName(), List.of(args), List.of(), false);
    }
}
