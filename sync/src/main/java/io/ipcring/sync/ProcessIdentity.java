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
 * <p><b>Packed</b> into one {@code long} ({@link #pack()}), so that an owner word names its owner
 * whole and is taken, or taken over from a dead owner, by a single compare-and-set: no window in
 * which a word is owned but its owner unknown. Every owner word of the library holds this form
 * (a {@link RobustMutex}'s lock word, the rings' consumer, producer and subscriber slots).
 *
 * <pre>
 *   63                                       24 23                     2 1 0
 *  +-------------------------------------------+-----------------------+---+
 *  |   start ticks, low 40 bits                |     pid (22 bits)     |0 0|
 *  +-------------------------------------------+-----------------------+---+
 * </pre>
 *
 * <p>Linux pids are below 2<sup>22</sup> ({@code pid_max} is at most {@code PID_MAX_LIMIT},
 * 2<sup>22</sup> on 64-bit kernels), so the pid is kept whole. The start time is kept in its low
 * {@value #START_TICKS_BITS} bits: 2<sup>40</sup> ticks at the kernel's 100 Hz are 348 years of
 * uptime, so a recycled pid never matches a dead owner's start time. Bits 0 and 1
 * ({@link #OWNER_FLAGS}) are always 0 in a packed identity: an owner word keeps its own flags
 * there, and {@link #isAlive(long)} ignores them. {@link #NONE} (0) names no process.
 *
 * @param pid        the process id
 * @param startTicks the process start time in clock ticks since boot; 0 when unknown
 */
public record ProcessIdentity(long pid, long startTicks) {
    /** The packed value that names no process. */
    public static final long NONE = 0L;
    /** The bits of a packed identity that are always 0, free for the flags of the word holding it. */
    public static final long OWNER_FLAGS = 0b11L;
    /** Width of the pid in a packed identity. */
    public static final int PID_BITS = 22;
    /** Width of the start ticks kept in a packed identity (their low bits). */
    public static final int START_TICKS_BITS = 40;

    private static final int PID_SHIFT = 2;
    private static final int START_TICKS_SHIFT = PID_SHIFT + PID_BITS;
    private static final long PID_MASK = (1L << PID_BITS) - 1;
    private static final long START_TICKS_MASK = (1L << START_TICKS_BITS) - 1;
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
     * This identity in one word (layout in the class comment), for an owner word in shared memory.
     *
     * @return the packed identity: never {@link #NONE}, bits {@link #OWNER_FLAGS} clear
     * @throws IllegalStateException when the pid does not fit in {@value #PID_BITS} bits or the
     *                               start time is unknown (0), so that liveness could not be told
     */
    public long pack() {
        if (pid <= 0 || pid > PID_MASK) {
            throw new IllegalStateException("pid=" + pid + " does not fit in " + PID_BITS
                    + " bits (Linux pids are below 2^22)");
        }
        if (startTicks == 0) {
            throw new IllegalStateException("pid=" + pid + " has no known start time (startTicks=0:"
                    + " /proc/" + pid + "/stat could not be read)");
        }
        return (pid << PID_SHIFT) | ((startTicks & START_TICKS_MASK) << START_TICKS_SHIFT);
    }

    /**
     * The identity a packed word names (flag bits ignored). Its {@link #startTicks()} holds only the
     * low {@value #START_TICKS_BITS} bits of the start time; decide liveness with
     * {@link #isAlive(long)}, which compares only those.
     *
     * @param packed a packed identity, any value (read from shared memory, untrusted)
     * @return its pid ({@code 0} for {@link #NONE}) and its start ticks' low bits
     */
    public static ProcessIdentity unpack(long packed) {
        return new ProcessIdentity((packed >>> PID_SHIFT) & PID_MASK, packed >>> START_TICKS_SHIFT);
    }

    /**
     * Whether the process a packed identity names still runs: it exists, is not a zombie, and its
     * start time matches in the packed bits. The {@link #OWNER_FLAGS} bits are ignored. Any value
     * (read from shared memory, untrusted) gives an answer, never an exception: {@link #NONE} and
     * values naming no running process are not alive.
     *
     * @param packed a packed identity, possibly with owner flags set
     * @return true while that process runs
     */
    public static boolean isAlive(long packed) {
        return isRunning((packed >>> PID_SHIFT) & PID_MASK, packed >>> START_TICKS_SHIFT, START_TICKS_MASK);
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
