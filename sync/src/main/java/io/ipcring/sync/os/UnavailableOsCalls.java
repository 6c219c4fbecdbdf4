package io.ipcring.sync.os;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link OsCalls} of a JVM whose binding failed to load: every call throws a
 * {@link NativeLayerUnavailableException} with one message that names the cause. Without it the
 * failure escaped {@link Os}'s static initializer once and every later call got
 * {@code NoClassDefFoundError: Could not initialize class}, which names nothing.
 *
 * <p>The failure seen most: jffi (under jnr-ffi) writes its stub library to
 * {@code java.io.tmpdir} before loading it, which fails when the directory is not writable or is
 * mounted noexec, or when the process's file size limit ({@code ulimit -f}) is below the stub's
 * size.
 */
final class UnavailableOsCalls {
    /** Where Linux shows this process's limits; the file size limit's line starts with this. */
    private static final Path LIMITS = Paths.get("/proc/self/limits");
    private static final String FILE_SIZE_LINE = "Max file size";
    /** Returned by {@link #fileSizeLimit} when there is no limit or it cannot be read. */
    static final long UNLIMITED = -1;

    private UnavailableOsCalls() {
    }

    /**
     * @param binding the binding that failed, as {@link Binding#name()} gives it
     * @param failure what its loading threw
     * @return calls that each throw {@link NativeLayerUnavailableException}
     */
    static OsCalls of(String binding, Throwable failure) {
        String message = explain(binding, failure, System.getProperty("java.io.tmpdir"), fileSizeLimit());
        return (OsCalls) Proxy.newProxyInstance(OsCalls.class.getClassLoader(), new Class<?>[] {OsCalls.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        switch (method.getName()) {
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            case "equals":
                                return proxy == args[0];
                            default:
                                return "OsCalls(unavailable: " + message + ")";
                        }
                    }
                    throw new NativeLayerUnavailableException(message, failure);
                });
    }

    /**
     * Words the failure for a user: what could not load, why, and what to change.
     *
     * @param binding        the binding's name
     * @param failure        what its loading threw
     * @param tmpdir         the {@code java.io.tmpdir} property
     * @param fileSizeLimit  this process's file size limit in bytes, or {@link #UNLIMITED}
     * @return the message
     */
    static String explain(String binding, Throwable failure, String tmpdir, long fileSizeLimit) {
        String start = "ipcring's native layer (" + binding + ") could not load, so no ring, primitive or transport"
                + " works in this JVM: ";
        if (find(failure, "Unable to write jffi binary stub") == null) {
            return start + firstLine(failure.toString()) + rootCause(failure);
        }
        if (fileSizeLimit != UNLIMITED && find(failure, "File too large") != null) {
            return start + "jffi writes its stub library (about 140 KiB) to java.io.tmpdir=" + tmpdir + " before it"
                    + " loads it, and this process's file size limit (RLIMIT_FSIZE) is " + fileSizeLimit + " bytes (ulimit -f "
                    + fileSizeLimit / 1024 + " in bash's 1 KiB blocks). Raise the limit (ulimit -f unlimited), or extract"
                    + " libjffi-1.2.so from the jffi native jar (jni/<arch>-Linux/) into a directory and pass"
                    + " -Djffi.boot.library.path=<that directory> (nothing is written then), or run on Java 22 or newer,"
                    + " where ipcring needs no stub" + rootCause(failure);
        }
        return start + "jffi could not write its stub library to java.io.tmpdir=" + tmpdir + ": set -Djava.io.tmpdir"
                + " or -Djffi.extract.dir to a writable directory not mounted noexec, or pass -Djffi.boot.library.path"
                + " with a directory holding libjffi-1.2.so" + rootCause(failure);
    }

    /** @return the first throwable among the failure, its causes and suppressed exceptions whose message holds {@code text} */
    private static Throwable find(Throwable failure, String text) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return t;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            Collections.addAll(pending, t.getSuppressed());
        }
        return null;
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root == failure ? "" : " (root cause: " + firstLine(root.toString()) + ")";
    }

    /** jffi puts a whole stack trace into some messages: the first line says what happened. */
    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).trim();
    }

    /**
     * @return the soft file size limit of this process in bytes from {@code /proc/self/limits},
     *         or {@link #UNLIMITED} when there is none or it cannot be read
     */
    static long fileSizeLimit() {
        try {
            for (String line : Files.readAllLines(LIMITS)) {
                if (line.startsWith(FILE_SIZE_LINE)) {
                    String soft = line.substring(FILE_SIZE_LINE.length()).trim().split("\\s+")[0];
                    return soft.toLowerCase(Locale.ROOT).equals("unlimited") ? UNLIMITED : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format this code does not know: say nothing about the limit
        }
        return UNLIMITED;
    }
}
