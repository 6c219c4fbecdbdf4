package io.ipcring.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A process told apart from any later process that reuses its id: the pid plus the start time the
 * kernel gives it ({@code /proc/<pid>/stat} field 22, in clock ticks since boot). Stored in shared
 * memory next to whatever a process owns (a lock, a claim, a subscriber slot) so that others can
 * tell whether the owner still runs.
 *
 * @param pid        the process id
 * @param startTicks the process start time in clock ticks since boot; 0 when unknown
 */
public record ProcessIdentity(long pid, long startTicks) {
    private static final ProcessIdentity CURRENT = of(ProcessHandle.current().pid());

    /** @return this process */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /**
     * Reads a running process's identity.
     *
     * @param pid the process id
     * @return its identity, with {@code startTicks} 0 when the process does not exist
     */
    public static ProcessIdentity of(long pid) {
        String stat = readStat(pid);
        return new ProcessIdentity(pid, stat == null ? 0 : startTicks(stat));
    }

    /**
     * Whether this process still runs: a process with this pid exists, is not a zombie, and
     * (when {@code startTicks} is known) started at the same time, so a recycled pid is not
     * mistaken for the original owner.
     *
     * @return true while the process runs
     */
    public boolean isAlive() {
        return isAlive(pid, startTicks);
    }

    /**
     * Whether a process runs, from a pid and start time found in shared memory (not trusted: any
     * value gives an answer, never an exception).
     *
     * @param pid        the process id
     * @param startTicks its start time in clock ticks since boot, or 0 to check the pid only
     * @return true while that process runs
     */
    public static boolean isAlive(long pid, long startTicks) {
        return startTicks == 0 ? isRunning(pid, 0, 0) : isRunning(pid, startTicks, -1L);
    }

    /**
     * Whether a process runs, from a pid and only some bits of its start time (for owners packed
     * into one word of shared memory). Any value gives an answer, never an exception.
     *
     * @param pid            the process id
     * @param startTicks     the start time's bits selected by {@code startTicksMask}
     * @param startTicksMask which bits of the start time {@code startTicks} holds
     * @return true while a process with that pid runs and its start time matches in those bits
     */
    static boolean isAlive(long pid, long startTicks, long startTicksMask) {
        return isRunning(pid, startTicks & startTicksMask, startTicksMask);
    }

    private static boolean isRunning(long pid, long maskedStartTicks, long startTicksMask) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return false;
        }
        String stat = readStat(pid);
        if (stat == null) {
            return false;
        }
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return false;
        }
        char state = stat.charAt(close + 2);
        if (state == 'Z' || state == 'X' || state == 'x') {
            return false;
        }
        return (startTicks(stat) & startTicksMask) == maskedStartTicks && isThreadGroupLeader(pid);
    }

    /**
     * Whether a pid names a process rather than one of its threads: /proc also answers for the
     * thread ids it does not list, and a thread started in the same clock tick as its process
     * would otherwise pass for a live owner (a recycled pid, or a corrupted owner word, naming it).
     */
    private static boolean isThreadGroupLeader(long pid) {
        String status = readProcFile(pid, "status");
        if (status == null) {
            return false;
        }
        int at = status.indexOf("\nTgid:");
        if (at < 0) {
            return false;
        }
        int end = status.indexOf('\n', at + 1);
        String value = status.substring(at + "\nTgid:".length(), end < 0 ? status.length() : end).trim();
        return value.equals(Long.toString(pid));
    }

    private static String readStat(long pid) {
        return readProcFile(pid, "stat");
    }

    private static String readProcFile(long pid, String file) {
        Path path = Paths.get("/proc", Long.toString(pid), file);
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static long startTicks(String stat) {
        // fields after the command name, which is in parentheses and may contain spaces:
        // state(3) ppid(4) ... starttime(22) -> index 19 after the ')' split
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length <= 19) {
            return 0;
        }
        try {
            return Long.parseLong(fields[19]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
