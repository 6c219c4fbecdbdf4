package io.ipcring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * The machine a report was measured on.
 *
 * @param cpu    the CPU model name
 * @param cores  the number of CPUs the JVM sees
 * @param java   the Java runtime version and vendor
 * @param kernel the kernel release
 * @param pinned whether every measured case ran with parent and child pinned to their own core
 */
public record MachineInfo(String cpu, int cores, String java, String kernel, boolean pinned) {
    /**
     * @param cpu    model name
     * @param cores  CPU count
     * @param java   runtime
     * @param kernel kernel release
     * @param pinned pinned cases
     */
    public MachineInfo {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(kernel, "kernel");
    }

    /**
     * Describes this machine.
     *
     * @param pinned whether the run pinned its processes
     * @return the description
     */
    public static MachineInfo detect(boolean pinned) {
        return new MachineInfo(cpuModel(Paths.get("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                        + System.getProperty("java.vendor", "?") + ")",
                System.getProperty("os.version", "?"), pinned);
    }

    static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    if (colon >= 0) {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
