package io.ipcring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Which two CPUs a case's parent and child are pinned to with {@code taskset}, or why they are
 * not: no {@code taskset} on the path, or fewer than two CPUs allowed to this process.
 * {@link BenchRunner} and {@code ipcring demo} take one ({@link #detect()}, or for a test
 * {@link #of} or {@link #none}).
 */
public final class Pinning {
    private final String taskset;
    private final int parentCpu;
    private final int childCpu;
    private final String reason;

    private Pinning(String taskset, int parentCpu, int childCpu, String reason) {
        this.taskset = taskset;
        this.parentCpu = parentCpu;
        this.childCpu = childCpu;
        this.reason = reason;
    }

    /** @return pinning to the first two CPUs this process may use, when possible */
    public static Pinning detect() {
        String taskset = findOnPath("taskset");
        List<Integer> cpus;
        try {
            cpus = allowedCpus(Paths.get("/proc/self/status"));
        } catch (IOException | IllegalArgumentException e) {
            return none("cannot read the allowed CPUs: " + e.getMessage());
        }
        return of(taskset, cpus);
    }

    /**
     * Decides from what {@link #detect()} found, or from what a test makes up.
     *
     * @param taskset the {@code taskset} program, or null when there is none
     * @param cpus    the CPUs this process may use
     * @return pinning to the first two of them, or none with the reason
     */
    public static Pinning of(String taskset, List<Integer> cpus) {
        if (taskset == null) {
            return none("taskset is not on the PATH (Debian: apt-get install util-linux)");
        }
        if (cpus.size() < 2) {
            return none("only " + cpus.size() + " CPU allowed to this process " + cpus);
        }
        return new Pinning(taskset, cpus.get(0), cpus.get(1), null);
    }

    /** @param reason why not @return no pinning */
    public static Pinning none(String reason) {
        return new Pinning(null, -1, -1, reason);
    }

    /** @return true when cases run pinned */
    public boolean enabled() {
        return taskset != null;
    }

    /** @return why pinning is off, or null when on */
    public String reason() {
        return reason;
    }

    /** @return the CPU of a case's parent (the measuring side), -1 when pinning is off */
    public int parentCpu() {
        return parentCpu;
    }

    /** @return the CPU of a case's child (the echoing side), -1 when pinning is off */
    public int childCpu() {
        return childCpu;
    }

    /**
     * @param cpu a CPU, or -1
     * @return the words that run a command pinned to it, empty for -1 or when pinning is off
     */
    List<String> prefix(int cpu) {
        if (taskset == null || cpu < 0) {
            return List.of();
        }
        return List.of(taskset, "-c", Integer.toString(cpu));
    }

    /**
     * @param status a {@code /proc/<pid>/status} file
     * @return the CPUs its {@code Cpus_allowed_list} names
     * @throws IOException when unreadable
     */
    static List<Integer> allowedCpus(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parseCpuList(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalArgumentException(status + " has no Cpus_allowed_list line");
    }

    /**
     * @param list a kernel CPU list such as {@code 0-3,6}
     * @return the CPUs in order
     */
    static List<Integer> parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            try {
                if (dash < 0) {
                    cpus.add(Integer.parseInt(p));
                } else {
                    int from = Integer.parseInt(p.substring(0, dash));
                    int to = Integer.parseInt(p.substring(dash + 1));
                    if (to < from) {
                        throw new IllegalArgumentException("CPU range '" + p + "' runs backwards");
                    }
                    for (int c = from; c <= to; c++) {
                        cpus.add(c);
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + list + "' is not a CPU list", e);
            }
        }
        return cpus;
    }

    /**
     * @param pid a process
     * @param cpu the only CPU it should be allowed
     * @return true when the process is allowed exactly that CPU
     */
    static boolean isPinned(long pid, int cpu) {
        try {
            return allowedCpus(Paths.get("/proc", Long.toString(pid), "status")).equals(List.of(cpu));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String findOnPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, program))) {
                return Paths.get(dir, program).toString();
            }
        }
        return null;
    }
}
