package io.ipcring.transport.mq;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads kernel tunables and process limits from /proc; a value that cannot be read is {@link #UNKNOWN}. */
final class ProcValues {
    /** Returned for a value that is absent or not a number. */
    static final long UNKNOWN = -1;
    /** Returned for a limit that is "unlimited". */
    static final long UNLIMITED = Long.MAX_VALUE;

    private ProcValues() {
    }

    /**
     * Reads a number with one buffered read: /proc/sys files report size 0, and
     * {@code Files.readString} on them returns only the first byte on Java 17 (it probes with a
     * one-byte read, and the kernel's sysctl handler ends the file after a partial read).
     *
     * @param file a /proc file holding one decimal number
     * @return the number, or {@link #UNKNOWN}
     */
    static long read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line = reader.readLine();
            return line == null ? UNKNOWN : Long.parseLong(line.trim());
        } catch (IOException | NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /**
     * Reads a soft limit from a {@code /proc/<pid>/limits} file.
     *
     * @param limitsFile the file, e.g. /proc/self/limits
     * @param name       the limit's name as the file spells it, e.g. "Max msgqueue size"
     * @return the soft limit, {@link #UNLIMITED}, or {@link #UNKNOWN}
     */
    static long softLimit(Path limitsFile, String name) {
        try {
            for (String line : Files.readAllLines(limitsFile)) {
                if (line.startsWith(name)) {
                    String[] fields = line.substring(name.length()).trim().split("\\s+");
                    return "unlimited".equals(fields[0]) ? UNLIMITED : Long.parseLong(fields[0]);
                }
            }
            return UNKNOWN;
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return UNKNOWN;
        }
    }
}
